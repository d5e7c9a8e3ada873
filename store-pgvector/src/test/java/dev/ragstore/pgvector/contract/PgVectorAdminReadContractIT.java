package dev.ragstore.pgvector.contract;

import dev.ragstore.core.RagStore;
import dev.ragstore.pgvector.PgVectorSchema;
import dev.ragstore.testkit.AdminReadContract;
import dev.ragstore.testkit.StoreOptions;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link AdminReadContract} on PostgreSQL with the pgvector index (admin search across owners on pgvector). */
class PgVectorAdminReadContractIT extends AdminReadContract {

    @RegisterExtension
    static final PgVectorSchema PG = new PgVectorSchema("pgvector_admin_read");

    @Override
    protected RagStore newStore(StoreOptions options) {
        return PG.ragStore(options);
    }
}
