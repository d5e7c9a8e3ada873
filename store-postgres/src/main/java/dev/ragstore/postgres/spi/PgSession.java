package dev.ragstore.postgres.spi;

import org.jdbi.v3.core.Handle;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * One unit of work on PostgreSQL, handed to extensions' hooks and to {@link PgWork}: a connection
 * whose statements already run in {@link #scope()} under row-level security.
 *
 * <p>Two kinds exist. A <em>transaction</em> session (hooks, {@link PgHost#transaction}) has the
 * scope applied by its first statement; every statement of the work runs in it and commits with
 * the store's transaction. A <em>one-round-trip read</em> ({@link PgHost#read} outside a
 * transaction) runs on a connection in auto-commit mode: only {@link #query} may be used, once, and
 * it sends the scope together with the statement, so the read costs a single round trip.
 *
 * <p>Not thread-safe; valid only during the call it was handed to. Never commit, roll back or
 * close its handle or connection.
 */
public interface PgSession {

    /** Whose rows the session's statements see. */
    PgScope scope();

    /** The schema of the store's tables, a plain lower-case identifier safe to splice. */
    String schema();

    /** {@code schema.name}: a table of the store's schema; {@code name} must be a plain identifier. */
    default String table(String name) {
        if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("not a plain table name: " + name);
        }
        return schema() + "." + name;
    }

    /** Whether this is a transaction session (see the class comment); {@code false} for a one-round-trip read. */
    boolean inTransaction();

    /** The Jdbi handle of the session (transaction sessions only). */
    Handle handle();

    /** The JDBC connection of the session. */
    Connection connection();

    /**
     * Runs {@code statement} with {@code settings} applied transaction-locally, in one round trip:
     * a {@code SELECT set_config(...)} of the scope (in a one-round-trip read) and of
     * {@code settings} is sent in the same execution, then {@code result} maps the statement's rows.
     * In a transaction session the settings stay in force until the transaction ends.
     */
    <T> T query(PgSql statement, List<PgSetting> settings, PgResult<T> result) throws SQLException;

    /**
     * Executes a statement that returns no rows and returns the number of rows it changed.
     *
     * @throws IllegalStateException in a one-round-trip read
     */
    int update(PgSql statement) throws SQLException;
}
