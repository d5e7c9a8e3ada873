package dev.ragstore.postgres.contract;

import dev.ragstore.core.RagStore;
import dev.ragstore.postgres.PgSchemaExtension;
import dev.ragstore.testkit.KnowledgeBaseTrashContract;
import dev.ragstore.testkit.StoreOptions;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link KnowledgeBaseTrashContract} on PostgreSQL (relational store) with the in-memory vector index. */
class PgKnowledgeBaseTrashContractIT extends KnowledgeBaseTrashContract {

    @RegisterExtension
    static final PgSchemaExtension PG = new PgSchemaExtension("trash_contract");

    @Override
    protected RagStore newStore(StoreOptions options) {
        return PG.ragStore(options);
    }
}
