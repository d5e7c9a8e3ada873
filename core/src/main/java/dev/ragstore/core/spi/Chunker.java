package dev.ragstore.core.spi;

import java.util.List;

/**
 * SPI: cuts extracted text into chunks. Must be deterministic (the same text gives the same
 * chunks), so re-running an ingestion replaces chunks one for one. Implementations are
 * thread-safe.
 */
public interface Chunker {

    /** The chunks of {@code text}, in order; empty for blank text. */
    List<TextChunk> chunk(ExtractedText text);
}
