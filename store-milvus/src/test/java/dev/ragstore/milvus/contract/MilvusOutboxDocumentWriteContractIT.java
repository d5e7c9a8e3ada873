package dev.ragstore.milvus.contract;

import dev.ragstore.core.RagStore;
import dev.ragstore.milvus.OutboxStores;
import dev.ragstore.testkit.DocumentWriteContract;
import dev.ragstore.testkit.StoreOptions;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link DocumentWriteContract} on PostgreSQL + Milvus through the outbox relay (searches wait for the relay:
 * see {@link OutboxStores}); Milvus has no multi-vector search, so those cases check the refusal instead.
 */
class MilvusOutboxDocumentWriteContractIT extends DocumentWriteContract {

    @RegisterExtension
    static final OutboxStores MILVUS = new OutboxStores("document_write");

    @Override
    protected RagStore newStore(StoreOptions options) {
        return MILVUS.ragStore(options);
    }
}
