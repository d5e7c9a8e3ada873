package dev.ragstore.langchain4j;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.EmbeddingStoreWithRemovalIT;
import dev.ragstore.core.RagStore;
import dev.ragstore.embedder.minilm.MiniLmEmbedder;
import org.junit.jupiter.api.AfterAll;

/**
 * LangChain4j's own {@link EmbeddingStoreWithRemovalIT} (from the langchain4j-core tests jar,
 * every test as published) on the in-memory RagStore with the MiniLM embedder's space.
 */
class InMemoryEmbeddingStoreWithRemovalTest extends EmbeddingStoreWithRemovalIT {

    private static final RagStore STORE = RagStore.builder().embedder(new MiniLmEmbedder()).build();
    private static final EmbeddingModel MODEL = new AllMiniLmL6V2EmbeddingModel();
    private static final EmbeddingStore<TextSegment> EMBEDDINGS = InMemoryEmbeddingStoreWithFilteringTest.newStore(STORE);

    @AfterAll
    static void close() {
        STORE.close();
    }

    @Override
    protected EmbeddingStore<TextSegment> embeddingStore() {
        return EMBEDDINGS;
    }

    @Override
    protected EmbeddingModel embeddingModel() {
        return MODEL;
    }

    /** The removal suite has no clearing hook: each test starts from an empty knowledge base. */
    @org.junit.jupiter.api.BeforeEach
    void startEmpty() {
        EMBEDDINGS.removeAll();
    }
}
