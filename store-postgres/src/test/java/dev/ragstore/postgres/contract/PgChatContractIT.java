package dev.ragstore.postgres.contract;

import dev.ragstore.core.RagStore;
import dev.ragstore.postgres.PgSchemaExtension;
import dev.ragstore.testkit.ChatContract;
import dev.ragstore.testkit.StoreOptions;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link ChatContract} on PostgreSQL (relational store) with the in-memory vector index. */
class PgChatContractIT extends ChatContract {

    @RegisterExtension
    static final PgSchemaExtension PG = new PgSchemaExtension("chat_contract");

    @Override
    protected RagStore newStore(StoreOptions options) {
        return PG.ragStore(options);
    }
}
