package dev.ragstore.pgvector.contract;

import dev.ragstore.core.RagStore;
import dev.ragstore.pgvector.PgVectorSchema;
import dev.ragstore.testkit.SearchReadsContract;
import dev.ragstore.testkit.StoreOptions;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link SearchReadsContract} on PostgreSQL with the pgvector index. */
class PgVectorSearchReadsContractIT extends SearchReadsContract {

    @RegisterExtension
    static final PgVectorSchema PG = new PgVectorSchema("pgvector_search_reads");

    @Override
    protected RagStore newStore(StoreOptions options) {
        return PG.ragStore(options);
    }
}
