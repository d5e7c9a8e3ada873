package dev.ragstore.pgvector.contract;

import dev.ragstore.core.RagStore;
import dev.ragstore.pgvector.PgVectorSchema;
import dev.ragstore.testkit.SearchFilterContract;
import dev.ragstore.testkit.StoreOptions;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link SearchFilterContract} on PostgreSQL with the pgvector index. */
class PgVectorSearchFilterContractIT extends SearchFilterContract {

    @RegisterExtension
    static final PgVectorSchema PG = new PgVectorSchema("pgvector_searchfilter");

    @Override
    protected RagStore newStore(StoreOptions options) {
        return PG.ragStore(options);
    }
}
