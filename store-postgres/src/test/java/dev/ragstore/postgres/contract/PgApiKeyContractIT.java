package dev.ragstore.postgres.contract;

import dev.ragstore.core.RagStore;
import dev.ragstore.postgres.PgSchemaExtension;
import dev.ragstore.testkit.ApiKeyContract;
import dev.ragstore.testkit.StoreOptions;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link ApiKeyContract} on PostgreSQL (relational store) with the in-memory vector index. */
class PgApiKeyContractIT extends ApiKeyContract {

    @RegisterExtension
    static final PgSchemaExtension PG = new PgSchemaExtension("api_key_contract");

    @Override
    protected RagStore newStore(StoreOptions options) {
        return PG.ragStore(options);
    }
}
