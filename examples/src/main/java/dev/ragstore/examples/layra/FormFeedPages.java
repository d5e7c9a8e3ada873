package dev.ragstore.examples.layra;

import dev.ragstore.core.spi.ExtractedText;
import dev.ragstore.core.spi.TextExtractor;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads text whose pages are separated by form feeds, as {@code pdftotext} writes a PDF: the
 * extractor a host plugs in for its own formats ({@code RagStore.builder().textExtractor(...)}).
 */
final class FormFeedPages implements TextExtractor {

    static final String MIME_TYPE = "text/x-paged";

    @Override
    public boolean supports(String mimeType) {
        return MIME_TYPE.equals(mimeType);
    }

    @Override
    public ExtractedText extract(byte[] content, String mimeType) {
        String[] pages = new String(content, StandardCharsets.UTF_8).split("\f");
        StringBuilder text = new StringBuilder();
        List<Integer> starts = new ArrayList<>();
        for (String page : pages) {
            if (!text.isEmpty()) {
                text.append("\n\n");
            }
            starts.add(text.length());
            text.append(page.strip());
        }
        return new ExtractedText(text.toString(), starts);
    }
}
