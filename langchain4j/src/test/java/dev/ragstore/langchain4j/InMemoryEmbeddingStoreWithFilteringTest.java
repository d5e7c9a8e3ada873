package dev.ragstore.langchain4j;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.EmbeddingStoreWithFilteringIT;
import dev.ragstore.core.RagStore;
import dev.ragstore.core.UserScope;
import dev.ragstore.core.user.NewUser;
import dev.ragstore.core.user.Role;
import dev.ragstore.embedder.minilm.MiniLmEmbedder;
import org.junit.jupiter.api.AfterAll;

import java.util.Map;
import java.util.UUID;

/**
 * LangChain4j's own {@link EmbeddingStoreWithFilteringIT} (from the langchain4j-core tests jar,
 * every test as published) on the in-memory RagStore with the MiniLM embedder's space.
 */
class InMemoryEmbeddingStoreWithFilteringTest extends EmbeddingStoreWithFilteringIT {

    private static final RagStore STORE = RagStore.builder().embedder(new MiniLmEmbedder()).build();
    private static final EmbeddingModel MODEL = new AllMiniLmL6V2EmbeddingModel();
    private static final EmbeddingStore<TextSegment> EMBEDDINGS = newStore(STORE);

    /** A store of a new user's new knowledge base of {@code store}. */
    static RagStoreEmbeddingStore newStore(RagStore store) {
        String name = "user-" + UUID.randomUUID();
        UserScope scope = store.forUser(store.admin().createUser(
                new NewUser(name, name + "@example.test", "correct horse battery", name, Role.USER, null)).id());
        return RagStoreEmbeddingStore.of(scope, scope.knowledgeBases().create("langchain4j", "", Map.of()).id());
    }

    @AfterAll
    static void close() {
        STORE.close();
    }

    @Override
    protected EmbeddingStore<TextSegment> embeddingStore() {
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

    @Override
    protected void clearStore() {
        EMBEDDINGS.removeAll();
    }
}
