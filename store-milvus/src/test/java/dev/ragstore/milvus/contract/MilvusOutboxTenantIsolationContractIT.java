package dev.ragstore.milvus.contract;

import dev.ragstore.core.RagStore;
import dev.ragstore.milvus.OutboxStores;
import dev.ragstore.testkit.TenantIsolationContract;
import dev.ragstore.testkit.StoreOptions;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link TenantIsolationContract} on PostgreSQL + Milvus through the outbox relay (searches wait for the relay:
 * see {@link OutboxStores}).
 */
class MilvusOutboxTenantIsolationContractIT extends TenantIsolationContract {

    @RegisterExtension
    static final OutboxStores MILVUS = new OutboxStores("tenant_isolation");

    @Override
    protected RagStore newStore(StoreOptions options) {
        return MILVUS.ragStore(options);
    }
}
