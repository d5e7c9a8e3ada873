package dev.ragstore.core.spi;

/**
 * A piece of extracted text cut by a {@link Chunker}.
 *
 * @param charStart offset of the first character in the extracted text
 * @param charEnd   offset after the last character
 * @param page      1-based page the piece starts on, or {@code null}
 * @param tokenCount an estimate of the piece's tokens
 */
public record TextChunk(String text, int charStart, int charEnd, Integer page, int tokenCount) {
}
