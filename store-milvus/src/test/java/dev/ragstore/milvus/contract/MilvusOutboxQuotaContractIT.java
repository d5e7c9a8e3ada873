package dev.ragstore.milvus.contract;

import dev.ragstore.core.RagStore;
import dev.ragstore.milvus.OutboxStores;
import dev.ragstore.testkit.QuotaContract;
import dev.ragstore.testkit.StoreOptions;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link QuotaContract} on PostgreSQL + Milvus through the outbox relay: the document limit holds on
 * ingestion whose vectors go through the outbox too.
 */
class MilvusOutboxQuotaContractIT extends QuotaContract {

    @RegisterExtension
    static final OutboxStores MILVUS = new OutboxStores("quota");

    @Override
    protected RagStore newStore(StoreOptions options) {
        return MILVUS.ragStore(options);
    }
}
