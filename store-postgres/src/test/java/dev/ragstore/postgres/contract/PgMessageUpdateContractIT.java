package dev.ragstore.postgres.contract;

import dev.ragstore.core.RagStore;
import dev.ragstore.postgres.PgSchemaExtension;
import dev.ragstore.testkit.MessageUpdateContract;
import dev.ragstore.testkit.StoreOptions;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link MessageUpdateContract} on PostgreSQL (relational store, with its row-level security) and the in-memory vector index. */
class PgMessageUpdateContractIT extends MessageUpdateContract {

    @RegisterExtension
    static final PgSchemaExtension PG = new PgSchemaExtension("message_update_contract");

    @Override
    protected RagStore newStore(StoreOptions options) {
        return PG.ragStore(options);
    }
}
