package dev.ragstore.postgres.contract;

import dev.ragstore.core.RagStore;
import dev.ragstore.postgres.PgSchemaExtension;
import dev.ragstore.testkit.TenantIsolationContract;
import dev.ragstore.testkit.StoreOptions;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link TenantIsolationContract} on PostgreSQL (relational store) with the in-memory vector index. */
class PgTenantIsolationContractIT extends TenantIsolationContract {

    @RegisterExtension
    static final PgSchemaExtension PG = new PgSchemaExtension("tenant_isolation_contract");

    @Override
    protected RagStore newStore(StoreOptions options) {
        return PG.ragStore(options);
    }
}
