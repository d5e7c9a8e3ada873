package dev.ragstore.postgres.contract;

import dev.ragstore.core.RagStore;
import dev.ragstore.postgres.PgSchemaExtension;
import dev.ragstore.testkit.DocumentContract;
import dev.ragstore.testkit.StoreOptions;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link DocumentContract} on PostgreSQL (relational store) with the in-memory vector index. */
class PgDocumentContractIT extends DocumentContract {

    @RegisterExtension
    static final PgSchemaExtension PG = new PgSchemaExtension("document_contract");

    @Override
    protected RagStore newStore(StoreOptions options) {
        return PG.ragStore(options);
    }
}
