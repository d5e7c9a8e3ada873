package dev.ragstore.milvus.contract;

import dev.ragstore.core.RagStore;
import dev.ragstore.milvus.OutboxStores;
import dev.ragstore.testkit.KnowledgeBaseTrashContract;
import dev.ragstore.testkit.StoreOptions;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link KnowledgeBaseTrashContract} on PostgreSQL + Milvus through the outbox relay: a purge
 * reaches Milvus through the outbox hooks, a restore needs none (searches wait for the relay: see
 * {@link OutboxStores}).
 */
class MilvusOutboxKnowledgeBaseTrashContractIT extends KnowledgeBaseTrashContract {

    @RegisterExtension
    static final OutboxStores MILVUS = new OutboxStores("kb_trash");

    @Override
    protected RagStore newStore(StoreOptions options) {
        return MILVUS.ragStore(options);
    }
}
