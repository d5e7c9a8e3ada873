package dev.ragstore.postgres.contract;

import dev.ragstore.core.RagStore;
import dev.ragstore.postgres.PgSchemaExtension;
import dev.ragstore.testkit.SearchReadsContract;
import dev.ragstore.testkit.StoreOptions;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link SearchReadsContract} on PostgreSQL (relational store) with the in-memory vector index. */
class PgSearchReadsContractIT extends SearchReadsContract {

    @RegisterExtension
    static final PgSchemaExtension PG = new PgSchemaExtension("search_reads");

    @Override
    protected RagStore newStore(StoreOptions options) {
        return PG.ragStore(options);
    }
}
