package dev.ragstore.pgvector.contract;

import dev.ragstore.core.search.VectorIndex;
import dev.ragstore.pgvector.PgVectorSchema;
import dev.ragstore.testkit.VectorIndexContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link VectorIndexContract} on PostgreSQL with pgvector (HNSW, default settings). */
class PgVectorIndexContractIT extends VectorIndexContract {

    @RegisterExtension
    static final PgVectorSchema PG = new PgVectorSchema("vector_contract");

    @Override
    protected VectorIndex newIndex() {
        return PG.index();
    }
}
