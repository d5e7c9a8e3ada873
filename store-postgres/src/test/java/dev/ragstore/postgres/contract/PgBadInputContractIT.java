package dev.ragstore.postgres.contract;

import dev.ragstore.core.RagStore;
import dev.ragstore.postgres.PgSchemaExtension;
import dev.ragstore.testkit.BadInputContract;
import dev.ragstore.testkit.StoreOptions;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link BadInputContract} on PostgreSQL (relational store) with the in-memory vector index. */
class PgBadInputContractIT extends BadInputContract {

    @RegisterExtension
    static final PgSchemaExtension PG = new PgSchemaExtension("bad_input_contract");

    @Override
    protected RagStore newStore(StoreOptions options) {
        return PG.ragStore(options);
    }
}
