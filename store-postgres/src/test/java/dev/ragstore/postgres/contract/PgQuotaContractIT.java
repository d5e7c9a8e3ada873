package dev.ragstore.postgres.contract;

import dev.ragstore.core.RagStore;
import dev.ragstore.postgres.PgSchemaExtension;
import dev.ragstore.testkit.QuotaContract;
import dev.ragstore.testkit.StoreOptions;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link QuotaContract} on PostgreSQL (relational store, with its row-level security) and the in-memory vector index. */
class PgQuotaContractIT extends QuotaContract {

    @RegisterExtension
    static final PgSchemaExtension PG = new PgSchemaExtension("quota_contract");

    @Override
    protected RagStore newStore(StoreOptions options) {
        return PG.ragStore(options);
    }
}
