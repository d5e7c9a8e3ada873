package dev.ragstore.milvus.contract;

import dev.ragstore.core.RagStore;
import dev.ragstore.milvus.OutboxStores;
import dev.ragstore.testkit.AdminReadContract;
import dev.ragstore.testkit.StoreOptions;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link AdminReadContract} on PostgreSQL + Milvus through the outbox relay (admin search across
 * owners on Milvus; searches wait for the relay: see {@link OutboxStores}).
 */
class MilvusOutboxAdminReadContractIT extends AdminReadContract {

    @RegisterExtension
    static final OutboxStores MILVUS = new OutboxStores("admin_read");

    @Override
    protected RagStore newStore(StoreOptions options) {
        return MILVUS.ragStore(options);
    }
}
