package dev.ragstore.embedder.minilm;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.ragstore.core.chunk.DistanceMetric;
import dev.ragstore.core.chunk.Embedding;
import dev.ragstore.core.chunk.EmbeddingSpace;
import dev.ragstore.core.spi.Embedder;

import java.util.List;

/**
 * The sentence-transformers model all-MiniLM-L6-v2 (384 dimensions, L2-normalized vectors),
 * run in-process by ONNX Runtime from the model file inside a Maven Central jar: nothing is
 * downloaded at run time. Blank texts are embedded as the marker {@code "(empty)"}.
 */
public final class MiniLmEmbedder implements Embedder {

    private static final EmbeddingSpace SPACE = EmbeddingSpace.of(
            "minilm_l6_v2", "sentence-transformers/all-MiniLM-L6-v2", 384, DistanceMetric.COSINE);

    private final EmbeddingModel model;

    /** Loads the model (1-3 s). */
    public MiniLmEmbedder() {
        // The tokenizer library phones home and may fetch a GPU build unless told it is offline.
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        this.model = new AllMiniLmL6V2EmbeddingModel();
    }

    @Override
    public EmbeddingSpace space() {
        return SPACE;
    }

    @Override
    public List<Embedding> embed(List<String> texts) {
        if (texts.isEmpty()) {
            return List.of();
        }
        List<TextSegment> segments = texts.stream()
                .map(text -> TextSegment.from(text.isBlank() ? "(empty)" : text))
                .toList();
        return model.embedAll(segments).content().stream()
                .map(embedding -> Embedding.of(embedding.vector()))
                .toList();
    }

    @Override
    public int maxBatchSize() {
        return 64;
    }
}
