package dev.ragstore.postgres.contract;

import dev.ragstore.core.RagStore;
import dev.ragstore.postgres.PgSchemaExtension;
import dev.ragstore.testkit.DocumentWriteContract;
import dev.ragstore.testkit.StoreOptions;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link DocumentWriteContract} on PostgreSQL (relational store) with the in-memory vector index. */
class PgDocumentWriteContractIT extends DocumentWriteContract {

    @RegisterExtension
    static final PgSchemaExtension PG = new PgSchemaExtension("document_write_contract");

    @Override
    protected RagStore newStore(StoreOptions options) {
        return PG.ragStore(options);
    }
}
