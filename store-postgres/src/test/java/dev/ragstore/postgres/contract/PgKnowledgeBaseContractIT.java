package dev.ragstore.postgres.contract;

import dev.ragstore.core.RagStore;
import dev.ragstore.postgres.PgSchemaExtension;
import dev.ragstore.testkit.KnowledgeBaseContract;
import dev.ragstore.testkit.StoreOptions;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link KnowledgeBaseContract} on PostgreSQL (relational store) with the in-memory vector index. */
class PgKnowledgeBaseContractIT extends KnowledgeBaseContract {

    @RegisterExtension
    static final PgSchemaExtension PG = new PgSchemaExtension("knowledge_base_contract");

    @Override
    protected RagStore newStore(StoreOptions options) {
        return PG.ragStore(options);
    }
}
