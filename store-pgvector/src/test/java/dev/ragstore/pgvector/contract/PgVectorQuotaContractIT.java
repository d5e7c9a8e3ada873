package dev.ragstore.pgvector.contract;

import dev.ragstore.core.RagStore;
import dev.ragstore.pgvector.PgVectorSchema;
import dev.ragstore.testkit.QuotaContract;
import dev.ragstore.testkit.StoreOptions;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link QuotaContract} on PostgreSQL with the pgvector index: the document limit holds on ingestion into pgvector too. */
class PgVectorQuotaContractIT extends QuotaContract {

    @RegisterExtension
    static final PgVectorSchema PG = new PgVectorSchema("pgvector_quota");

    @Override
    protected RagStore newStore(StoreOptions options) {
        return PG.ragStore(options);
    }
}
