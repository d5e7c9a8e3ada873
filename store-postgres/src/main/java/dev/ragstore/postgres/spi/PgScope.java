package dev.ragstore.postgres.spi;

import dev.ragstore.core.user.UserId;

import java.util.Objects;

/**
 * Whose rows a {@link PgSession} sees under row-level security: one owner's, or every owner's
 * (the admin scope of cross-user jobs such as reports, relays and schema changes).
 */
public sealed interface PgScope permits PgScope.Owner, PgScope.Admin {

    /** The scope of {@code owner}'s rows. */
    static PgScope owner(UserId owner) {
        return new Owner(owner);
    }

    /** The scope of every owner's rows. */
    static PgScope admin() {
        return new Admin();
    }

    /** One owner's rows. */
    record Owner(UserId id) implements PgScope {

        public Owner {
            Objects.requireNonNull(id, "owner");
        }
    }

    /** Every owner's rows. */
    record Admin() implements PgScope {
    }
}
