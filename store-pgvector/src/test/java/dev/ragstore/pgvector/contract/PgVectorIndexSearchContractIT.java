package dev.ragstore.pgvector.contract;

import dev.ragstore.core.search.VectorIndex;
import dev.ragstore.pgvector.PgVectorSchema;
import dev.ragstore.testkit.VectorIndexSearchContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link VectorIndexSearchContract} on PostgreSQL with pgvector (HNSW, default settings). */
class PgVectorIndexSearchContractIT extends VectorIndexSearchContract {

    @RegisterExtension
    static final PgVectorSchema PG = new PgVectorSchema("vector_search_contract");

    @Override
    protected VectorIndex newIndex() {
        return PG.index();
    }
}
