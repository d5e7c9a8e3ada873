package dev.ragstore.core.spi;

import dev.ragstore.core.chunk.Embedding;
import dev.ragstore.core.chunk.EmbeddingSpace;

import java.util.List;

/**
 * SPI: turns texts into vectors of one {@link EmbeddingSpace}. Implementations are
 * thread-safe; RagStore calls {@link #embed} with at most {@link #maxBatchSize()} texts.
 */
public interface Embedder {

    /** The space every returned vector belongs to. */
    EmbeddingSpace space();

    /** One vector per text, in order, each of {@code space().dimension()} dimensions. */
    List<Embedding> embed(List<String> texts);

    /** How many texts one {@link #embed} call may take. */
    int maxBatchSize();
}
