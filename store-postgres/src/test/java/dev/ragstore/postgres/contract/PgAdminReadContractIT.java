package dev.ragstore.postgres.contract;

import dev.ragstore.core.RagStore;
import dev.ragstore.postgres.PgSchemaExtension;
import dev.ragstore.testkit.AdminReadContract;
import dev.ragstore.testkit.StoreOptions;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link AdminReadContract} on PostgreSQL (relational store) with the in-memory vector index. */
class PgAdminReadContractIT extends AdminReadContract {

    @RegisterExtension
    static final PgSchemaExtension PG = new PgSchemaExtension("admin_read_contract");

    @Override
    protected RagStore newStore(StoreOptions options) {
        return PG.ragStore(options);
    }
}
