package dev.ragstore.postgres.contract;

import dev.ragstore.core.RagStore;
import dev.ragstore.postgres.PgSchemaExtension;
import dev.ragstore.testkit.SearchContract;
import dev.ragstore.testkit.StoreOptions;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link SearchContract} on PostgreSQL (relational store) with the in-memory vector index. */
class PgSearchContractIT extends SearchContract {

    @RegisterExtension
    static final PgSchemaExtension PG = new PgSchemaExtension("search_contract");

    @Override
    protected RagStore newStore(StoreOptions options) {
        return PG.ragStore(options);
    }
}
