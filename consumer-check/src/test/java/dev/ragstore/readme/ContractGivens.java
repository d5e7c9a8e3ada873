package dev.ragstore.readme;

import dev.ragstore.postgres.PostgresStore;

/** README.md's contract-kit block: the host's own store factory. */
public class ContractGivens extends Givens {
    protected PostgresStore myPostgresStore() {
        throw new UnsupportedOperationException("the host's store");
    }
}
