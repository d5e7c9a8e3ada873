package dev.ragstore.core.spi;

import java.util.List;

/**
 * A piece of extracted text cut by a {@link Chunker}.
 *
 * @param charStart  offset of the first character in the extracted text
 * @param charEnd    offset after the last character
 * @param page       1-based page the piece starts on, or {@code null}
 * @param tokenCount an estimate of the piece's tokens
 * @param pageBreaks offsets in {@code text} at which pages {@code page + 1}, {@code page + 2}, ...
 *                   begin (see {@link ExtractedText#pageBreaks(int, int)}); empty for a piece on one page
 */
public record TextChunk(String text, int charStart, int charEnd, Integer page, int tokenCount, List<Integer> pageBreaks) {

    public TextChunk {
        pageBreaks = List.copyOf(pageBreaks);
    }

    /** A piece on one page (or without pages). */
    public TextChunk(String text, int charStart, int charEnd, Integer page, int tokenCount) {
        this(text, charStart, charEnd, page, tokenCount, List.of());
    }
}
