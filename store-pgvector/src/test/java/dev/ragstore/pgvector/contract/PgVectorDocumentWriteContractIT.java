package dev.ragstore.pgvector.contract;

import dev.ragstore.core.RagStore;
import dev.ragstore.pgvector.PgVectorSchema;
import dev.ragstore.testkit.DocumentWriteContract;
import dev.ragstore.testkit.StoreOptions;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link DocumentWriteContract} on PostgreSQL with the pgvector index (rows and vectors in one transaction). */
class PgVectorDocumentWriteContractIT extends DocumentWriteContract {

    @RegisterExtension
    static final PgVectorSchema PG = new PgVectorSchema("pgvector_document_write");

    @Override
    protected RagStore newStore(StoreOptions options) {
        return PG.ragStore(options);
    }
}
