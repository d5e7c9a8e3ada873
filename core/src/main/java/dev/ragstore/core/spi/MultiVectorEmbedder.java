package dev.ragstore.core.spi;

import dev.ragstore.core.chunk.Embedding;

import java.util.List;

/**
 * SPI: an {@link Embedder} that turns each text into several vectors of its space (late
 * interaction, e.g. ColBERT token vectors). With one configured, {@code ingest} stores every chunk
 * as a multi-vector chunk and a text query is embedded into query vectors, both through
 * {@link #embedMulti}; {@code RagStore.builder().build()} refuses it unless the vector index has
 * multi-vector search. {@link #embed} stays the single-vector view (one pooled vector per text) for
 * hosts that call it directly. Implementations are thread-safe.
 */
public interface MultiVectorEmbedder extends Embedder {

    /**
     * One list of vectors per text, in order; each list has 1 to
     * {@value dev.ragstore.core.search.IndexedChunk#MAX_VECTORS} vectors of {@code space().dimension()}
     * dimensions. Called with at most {@link #maxBatchSize()} texts.
     */
    List<List<Embedding>> embedMulti(List<String> texts);
}
