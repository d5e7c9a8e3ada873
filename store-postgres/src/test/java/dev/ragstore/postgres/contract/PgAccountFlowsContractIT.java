package dev.ragstore.postgres.contract;

import dev.ragstore.core.RagStore;
import dev.ragstore.postgres.PgSchemaExtension;
import dev.ragstore.testkit.AccountFlowsContract;
import dev.ragstore.testkit.StoreOptions;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link AccountFlowsContract} on PostgreSQL (relational store) with the in-memory vector index. */
class PgAccountFlowsContractIT extends AccountFlowsContract {

    @RegisterExtension
    static final PgSchemaExtension PG = new PgSchemaExtension("account_flows_contract");

    @Override
    protected RagStore newStore(StoreOptions options) {
        return PG.ragStore(options);
    }
}
