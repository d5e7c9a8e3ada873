package dev.ragstore.milvus.contract;

import dev.ragstore.core.RagStore;
import dev.ragstore.milvus.OutboxStores;
import dev.ragstore.testkit.SearchContract;
import dev.ragstore.testkit.StoreOptions;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link SearchContract} on PostgreSQL + Milvus through the outbox relay (searches wait for the relay:
 * see {@link OutboxStores}).
 */
class MilvusOutboxSearchContractIT extends SearchContract {

    @RegisterExtension
    static final OutboxStores MILVUS = new OutboxStores("search");

    @Override
    protected RagStore newStore(StoreOptions options) {
        return MILVUS.ragStore(options);
    }
}
