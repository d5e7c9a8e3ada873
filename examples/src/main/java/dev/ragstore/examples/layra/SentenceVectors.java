package dev.ragstore.examples.layra;

import dev.ragstore.core.chunk.DistanceMetric;
import dev.ragstore.core.chunk.Embedding;
import dev.ragstore.core.chunk.EmbeddingSpace;
import dev.ragstore.core.spi.Embedder;
import dev.ragstore.core.spi.MultiVectorEmbedder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Late interaction for the LAYRA example: each text becomes several vectors, one per sentence,
 * embedded by a real single-vector model (MiniLM), and search scores a page by MaxSim. LAYRA uses
 * ColBERT token vectors; no ColBERT model runs in-process from Maven Central, so sentence vectors
 * stand in for token vectors. RagStore stores and ranks both the same way.
 */
final class SentenceVectors implements MultiVectorEmbedder {

    /** At most this many vectors per text; a longer text's tail sentences are merged into the last. */
    static final int MAX_SENTENCES = 24;

    private final Embedder sentences;
    private final EmbeddingSpace space;

    SentenceVectors(Embedder sentences) {
        this.sentences = sentences;
        EmbeddingSpace base = sentences.space();
        // normalised MiniLM vectors: inner product is cosine, as LAYRA's IP index expects
        this.space = EmbeddingSpace.of(base.name() + "_sentences", base.model() + " (sentence vectors)",
                base.dimension(), DistanceMetric.INNER_PRODUCT);
    }

    @Override
    public EmbeddingSpace space() {
        return space;
    }

    @Override
    public List<Embedding> embed(List<String> texts) {
        return sentences.embed(texts);
    }

    @Override
    public List<List<Embedding>> embedMulti(List<String> texts) {
        List<List<Embedding>> result = new ArrayList<>(texts.size());
        for (String text : texts) {
            result.add(sentences.embed(split(text)));
        }
        return result;
    }

    @Override
    public int maxBatchSize() {
        return sentences.maxBatchSize();
    }

    static List<String> split(String text) {
        List<String> parts = new ArrayList<>(Arrays.stream(text.split("(?<=[.!?])\\s+|\\n\\s*\\n"))
                .map(String::strip).filter(part -> !part.isEmpty()).toList());
        if (parts.isEmpty()) {
            return List.of(text);
        }
        while (parts.size() > MAX_SENTENCES) {
            String last = parts.remove(parts.size() - 1);
            parts.set(parts.size() - 1, parts.get(parts.size() - 1) + " " + last);
        }
        return parts;
    }
}
