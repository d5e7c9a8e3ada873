package dev.ragstore.pgvector.contract;

import dev.ragstore.core.RagStore;
import dev.ragstore.pgvector.PgVectorSchema;
import dev.ragstore.testkit.SearchContract;
import dev.ragstore.testkit.StoreOptions;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link SearchContract} on PostgreSQL with the pgvector index. */
class PgVectorSearchContractIT extends SearchContract {

    @RegisterExtension
    static final PgVectorSchema PG = new PgVectorSchema("pgvector_search");

    @Override
    protected RagStore newStore(StoreOptions options) {
        return PG.ragStore(options);
    }
}
