package dev.ragstore.testkit;

import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.spi.ExtractedText;
import dev.ragstore.core.spi.TextExtractor;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A text format with pages, for testing page numbers without a PDF library: UTF-8 text of
 * mime type {@value #MIME_TYPE} whose pages are separated by form feeds ({@code U+000C}). The
 * extracted text is the pages joined by {@code "\n\n"}; page {@code n} starts where its text
 * starts. Thread-safe.
 */
public final class PagedTextExtractor implements TextExtractor {

    /** The mime type this extractor reads. */
    public static final String MIME_TYPE = "text/x-ragstore-paged";
    /** What separates pages in the source. */
    public static final char PAGE_BREAK = '\f';
    /** What separates pages in the extracted text. */
    public static final String PAGE_SEPARATOR = "\n\n";

    @Override
    public boolean supports(String mimeType) {
        return MIME_TYPE.equals(mimeType);
    }

    /**
     * @throws InvalidInputException if the bytes are not valid UTF-8
     */
    @Override
    public ExtractedText extract(byte[] content, String mimeType) {
        String source;
        try {
            source = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            throw InvalidInputException.withoutValue("document content", "must be valid UTF-8 for " + MIME_TYPE);
        }
        return extractText(source);
    }

    /** The extracted text of a source text (pages separated by form feeds). */
    public static ExtractedText extractText(String source) {
        String[] pages = source.split(String.valueOf(PAGE_BREAK), -1);
        StringBuilder text = new StringBuilder();
        List<Integer> starts = new ArrayList<>(pages.length);
        for (int i = 0; i < pages.length; i++) {
            if (i > 0) {
                text.append(PAGE_SEPARATOR);
            }
            starts.add(text.length());
            text.append(pages[i]);
        }
        return new ExtractedText(text.toString(), starts);
    }

    /** Joins pages into a source of this format. */
    public static byte[] source(List<String> pages) {
        return String.join(String.valueOf(PAGE_BREAK), pages).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "PagedTextExtractor[" + MIME_TYPE + "]";
    }
}
