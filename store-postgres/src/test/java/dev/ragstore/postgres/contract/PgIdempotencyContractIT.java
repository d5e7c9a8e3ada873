package dev.ragstore.postgres.contract;

import dev.ragstore.core.RagStore;
import dev.ragstore.postgres.PgSchemaExtension;
import dev.ragstore.testkit.IdempotencyContract;
import dev.ragstore.testkit.StoreOptions;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link IdempotencyContract} on PostgreSQL (relational store) with the in-memory vector index. */
class PgIdempotencyContractIT extends IdempotencyContract {

    @RegisterExtension
    static final PgSchemaExtension PG = new PgSchemaExtension("idempotency_contract");

    @Override
    protected RagStore newStore(StoreOptions options) {
        return PG.ragStore(options);
    }
}
