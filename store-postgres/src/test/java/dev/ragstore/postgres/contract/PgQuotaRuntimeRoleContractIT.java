package dev.ragstore.postgres.contract;

import dev.ragstore.core.RagStore;
import dev.ragstore.postgres.PgSchemaExtension;
import dev.ragstore.postgres.PostgresStore;
import dev.ragstore.testkit.QuotaContract;
import dev.ragstore.testkit.StoreOptions;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link QuotaContract} on PostgreSQL with the runtime role separate from the schema's owner: the
 * V6 quota triggers, their lock rows and the plan reads work under row-level security for a role
 * that owns nothing.
 */
class PgQuotaRuntimeRoleContractIT extends QuotaContract {

    @RegisterExtension
    static final PgSchemaExtension PG = new PgSchemaExtension("quota_runtime_role");

    private static final String APP_USER = System.getenv().getOrDefault("RAGSTORE_PG_APP_USER", "ragstore_app");
    private static final String APP_PASSWORD = System.getenv().getOrDefault("RAGSTORE_PG_APP_PASSWORD", "ragstore_app");

    @Override
    protected RagStore newStore(StoreOptions options) {
        PostgresStore postgres = PG.store(b -> b.username(APP_USER).password(APP_PASSWORD).migrateOnStart(true)
                .migrationCredentials(PG.fixture().user(), PG.fixture().password()));
        return options.applyTo(RagStore.builder().relationalStore(postgres)).build();
    }
}
