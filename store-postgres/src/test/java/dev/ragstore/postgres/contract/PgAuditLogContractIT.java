package dev.ragstore.postgres.contract;

import dev.ragstore.core.RagStore;
import dev.ragstore.postgres.PgSchemaExtension;
import dev.ragstore.testkit.AuditLogContract;
import dev.ragstore.testkit.StoreOptions;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link AuditLogContract} on PostgreSQL (relational store) with the in-memory vector index. */
class PgAuditLogContractIT extends AuditLogContract {

    @RegisterExtension
    static final PgSchemaExtension PG = new PgSchemaExtension("audit_log_contract");

    @Override
    protected RagStore newStore(StoreOptions options) {
        return PG.ragStore(options);
    }
}
