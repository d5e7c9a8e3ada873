package dev.ragstore.core.ingest;

import dev.ragstore.core.spi.TextExtractor;

import java.util.List;

/** The extractors RagStore uses when the host adds none for a type. */
public final class TextExtractors {

    private TextExtractors() {
    }

    /**
     * The built-in extractors, in the order they are consulted: {@link PlainTextExtractor}
     * (plain text, Markdown, CSV), then {@link HtmlTextExtractor} (HTML, XHTML). Unmodifiable.
     */
    public static List<TextExtractor> defaults() {
        return List.of(new PlainTextExtractor(), new HtmlTextExtractor());
    }
}
