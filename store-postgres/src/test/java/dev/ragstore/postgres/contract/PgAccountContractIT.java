package dev.ragstore.postgres.contract;

import dev.ragstore.core.RagStore;
import dev.ragstore.postgres.PgSchemaExtension;
import dev.ragstore.testkit.AccountContract;
import dev.ragstore.testkit.StoreOptions;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link AccountContract} on PostgreSQL (relational store) with the in-memory vector index. */
class PgAccountContractIT extends AccountContract {

    @RegisterExtension
    static final PgSchemaExtension PG = new PgSchemaExtension("account_contract");

    @Override
    protected RagStore newStore(StoreOptions options) {
        return PG.ragStore(options);
    }
}
