package dev.ragstore.postgres.contract;

import dev.ragstore.core.RagStore;
import dev.ragstore.postgres.PgSchemaExtension;
import dev.ragstore.testkit.SearchFilterContract;
import dev.ragstore.testkit.StoreOptions;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link SearchFilterContract} on PostgreSQL (relational store) with the in-memory vector index. */
class PgSearchFilterContractIT extends SearchFilterContract {

    @RegisterExtension
    static final PgSchemaExtension PG = new PgSchemaExtension("search_filter_contract");

    @Override
    protected RagStore newStore(StoreOptions options) {
        return PG.ragStore(options);
    }
}
