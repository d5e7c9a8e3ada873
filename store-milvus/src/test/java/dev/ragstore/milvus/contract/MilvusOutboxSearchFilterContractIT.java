package dev.ragstore.milvus.contract;

import dev.ragstore.core.RagStore;
import dev.ragstore.milvus.OutboxStores;
import dev.ragstore.testkit.SearchFilterContract;
import dev.ragstore.testkit.StoreOptions;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link SearchFilterContract} on PostgreSQL + Milvus through the outbox relay (searches wait for the relay:
 * see {@link OutboxStores}).
 */
class MilvusOutboxSearchFilterContractIT extends SearchFilterContract {

    @RegisterExtension
    static final OutboxStores MILVUS = new OutboxStores("search_filter");

    @Override
    protected RagStore newStore(StoreOptions options) {
        return MILVUS.ragStore(options);
    }
}
