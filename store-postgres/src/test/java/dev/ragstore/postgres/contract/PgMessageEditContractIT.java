package dev.ragstore.postgres.contract;

import dev.ragstore.core.RagStore;
import dev.ragstore.postgres.PgSchemaExtension;
import dev.ragstore.testkit.MessageEditContract;
import dev.ragstore.testkit.StoreOptions;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link MessageEditContract} on PostgreSQL (relational store, with its row-level security) and the in-memory vector index. */
class PgMessageEditContractIT extends MessageEditContract {

    @RegisterExtension
    static final PgSchemaExtension PG = new PgSchemaExtension("message_edit_contract");

    @Override
    protected RagStore newStore(StoreOptions options) {
        return PG.ragStore(options);
    }
}
