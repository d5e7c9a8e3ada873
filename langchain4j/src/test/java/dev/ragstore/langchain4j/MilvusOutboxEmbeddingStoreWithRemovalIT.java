package dev.ragstore.langchain4j;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.EmbeddingStoreWithRemovalIT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * LangChain4j's own {@link EmbeddingStoreWithRemovalIT} (from the langchain4j-core tests jar, every
 * test as published) on PostgreSQL + Milvus through the outbox relay (every call to the suite's embeddingStore() hook first waits for the relay).
 */
class MilvusOutboxEmbeddingStoreWithRemovalIT extends EmbeddingStoreWithRemovalIT {

    private static final ServerStores STORES = ServerStores.milvus("removal");
    private static final EmbeddingModel MODEL = new AllMiniLmL6V2EmbeddingModel();
    private static final RagStoreEmbeddingStore EMBEDDINGS = InMemoryEmbeddingStoreWithFilteringTest.newStore(STORES.store());

    @AfterAll
    static void close() {
        STORES.close();
    }

    /** Each test starts from an empty knowledge base. */
    @BeforeEach
    void startEmpty() {
        EMBEDDINGS.removeAll();
    }

    @Override
    protected EmbeddingStore<TextSegment> embeddingStore() {
        STORES.awaitSync();
        return EMBEDDINGS;
    }

    @Override
    protected EmbeddingModel embeddingModel() {
        return MODEL;
    }
}
