package dev.ragstore.core.spi;

/**
 * SPI: extracts text from the bytes of one or more formats. Implementations are thread-safe.
 */
public interface TextExtractor {

    /** Whether this extractor reads {@code mimeType} (e.g. {@code text/html}). */
    boolean supports(String mimeType);

    /**
     * Extracts the text.
     *
     * @throws dev.ragstore.core.error.InvalidInputException if the bytes are not valid for the format
     */
    ExtractedText extract(byte[] content, String mimeType);
}
