package dev.ragstore.postgres.contract;

import dev.ragstore.core.RagStore;
import dev.ragstore.postgres.PgSchemaExtension;
import dev.ragstore.testkit.UsageContract;
import dev.ragstore.testkit.StoreOptions;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link UsageContract} on PostgreSQL (relational store) with the in-memory vector index. */
class PgUsageContractIT extends UsageContract {

    @RegisterExtension
    static final PgSchemaExtension PG = new PgSchemaExtension("usage_contract");

    @Override
    protected RagStore newStore(StoreOptions options) {
        return PG.ragStore(options);
    }
}
