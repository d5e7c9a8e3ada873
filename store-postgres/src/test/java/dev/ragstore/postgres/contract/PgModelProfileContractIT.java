package dev.ragstore.postgres.contract;

import dev.ragstore.core.RagStore;
import dev.ragstore.postgres.PgSchemaExtension;
import dev.ragstore.testkit.ModelProfileContract;
import dev.ragstore.testkit.StoreOptions;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link ModelProfileContract} on PostgreSQL (relational store) with the in-memory vector index. */
class PgModelProfileContractIT extends ModelProfileContract {

    @RegisterExtension
    static final PgSchemaExtension PG = new PgSchemaExtension("model_profile_contract");

    @Override
    protected RagStore newStore(StoreOptions options) {
        return PG.ragStore(options);
    }
}
