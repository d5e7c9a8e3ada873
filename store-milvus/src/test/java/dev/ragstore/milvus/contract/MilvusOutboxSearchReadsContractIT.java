package dev.ragstore.milvus.contract;

import dev.ragstore.core.RagStore;
import dev.ragstore.milvus.OutboxStores;
import dev.ragstore.testkit.SearchReadsContract;
import dev.ragstore.testkit.StoreOptions;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link SearchReadsContract} on PostgreSQL + Milvus through the outbox relay (searches wait for the relay:
 * see {@link OutboxStores}).
 */
class MilvusOutboxSearchReadsContractIT extends SearchReadsContract {

    @RegisterExtension
    static final OutboxStores MILVUS = new OutboxStores("search_reads");

    @Override
    protected RagStore newStore(StoreOptions options) {
        return MILVUS.ragStore(options);
    }
}
