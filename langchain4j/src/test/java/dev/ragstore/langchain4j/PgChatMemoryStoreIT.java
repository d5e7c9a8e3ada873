package dev.ragstore.langchain4j;

import dev.ragstore.core.RagStore;
import org.junit.jupiter.api.AfterAll;

/** {@link ChatMemoryStoreContract} on PostgreSQL (row-level security on). */
class PgChatMemoryStoreIT extends ChatMemoryStoreContract {

    private static final ServerStores STORES = ServerStores.pgVector("chat_memory");

    @AfterAll
    static void close() {
        STORES.close();
    }

    @Override
    protected RagStore store() {
        return STORES.store();
    }
}
