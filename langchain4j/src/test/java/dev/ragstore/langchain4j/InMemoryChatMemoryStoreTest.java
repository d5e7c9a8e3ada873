package dev.ragstore.langchain4j;

import dev.ragstore.core.RagStore;
import org.junit.jupiter.api.AfterAll;

/** {@link ChatMemoryStoreContract} on the in-memory RagStore. */
class InMemoryChatMemoryStoreTest extends ChatMemoryStoreContract {

    private static final RagStore STORE = RagStore.builder().build();

    @AfterAll
    static void close() {
        STORE.close();
    }

    @Override
    protected RagStore store() {
        return STORE;
    }
}
