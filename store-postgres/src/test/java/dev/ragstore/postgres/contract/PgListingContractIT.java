package dev.ragstore.postgres.contract;

import dev.ragstore.core.RagStore;
import dev.ragstore.postgres.PgSchemaExtension;
import dev.ragstore.testkit.ListingContract;
import dev.ragstore.testkit.StoreOptions;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link ListingContract} on PostgreSQL (relational store) with the in-memory vector index. */
class PgListingContractIT extends ListingContract {

    @RegisterExtension
    static final PgSchemaExtension PG = new PgSchemaExtension("listing_contract");

    @Override
    protected RagStore newStore(StoreOptions options) {
        return PG.ragStore(options);
    }
}
