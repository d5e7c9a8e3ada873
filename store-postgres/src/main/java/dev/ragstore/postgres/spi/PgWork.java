package dev.ragstore.postgres.spi;

import java.sql.SQLException;

/**
 * Work run in a {@link PgSession} by a {@link PgHost}. A {@link SQLException} it throws is
 * translated by the host into a RagStore exception (after the rollback of a transaction), so
 * driver exceptions never reach callers and no wrapper is needed to carry them out.
 *
 * @param <T> the result
 */
@FunctionalInterface
public interface PgWork<T> {

    /** Runs the work; must not commit, roll back or close the session's connection. */
    T run(PgSession session) throws SQLException;
}
