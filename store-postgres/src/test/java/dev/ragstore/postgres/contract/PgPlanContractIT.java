package dev.ragstore.postgres.contract;

import dev.ragstore.core.RagStore;
import dev.ragstore.postgres.PgSchemaExtension;
import dev.ragstore.testkit.PlanContract;
import dev.ragstore.testkit.StoreOptions;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link PlanContract} on PostgreSQL (relational store) with the in-memory vector index. */
class PgPlanContractIT extends PlanContract {

    @RegisterExtension
    static final PgSchemaExtension PG = new PgSchemaExtension("plan_contract");

    @Override
    protected RagStore newStore(StoreOptions options) {
        return PG.ragStore(options);
    }
}
