package dev.ragstore.langchain4j;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.EmbeddingStoreWithFilteringIT;
import org.junit.jupiter.api.AfterAll;

/**
 * LangChain4j's own {@link EmbeddingStoreWithFilteringIT} (from the langchain4j-core tests jar, every
 * test as published) on PostgreSQL + pgvector.
 */
class PgVectorEmbeddingStoreWithFilteringIT extends EmbeddingStoreWithFilteringIT {

    private static final ServerStores STORES = ServerStores.pgVector("filtering");
    private static final EmbeddingModel MODEL = new AllMiniLmL6V2EmbeddingModel();
    private static final RagStoreEmbeddingStore EMBEDDINGS = InMemoryEmbeddingStoreWithFilteringTest.newStore(STORES.store());

    @AfterAll
    static void close() {
        STORES.close();
    }

    @Override
    protected void clearStore() {
        EMBEDDINGS.removeAll();
    }

    @Override
    protected EmbeddingStore<TextSegment> embeddingStore() {
        STORES.awaitSync();
        return EMBEDDINGS;
    }

    /** RagStore filters have {@code contains} ({@code Filter.contains}): LangChain4j's capability switch. */
    @Override
    protected boolean supportsContains() {
        return true;
    }

    @Override
    protected EmbeddingModel embeddingModel() {
        return MODEL;
    }
}
