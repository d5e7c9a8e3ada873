package dev.ragstore.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * A read that {@link PostgresStore#singleRoundTripRead} runs in one round trip: the work sends one
 * JDBC execution (a multi-statement {@code PreparedStatement} is one execution) whose first
 * statement applies {@code scopeSettings}, each as {@code set_config(name, value, true)}.
 *
 * <p>Outside a transaction the connection is in auto-commit mode, and PostgreSQL runs every
 * statement of one execution (up to the driver's single Sync) in one implicit transaction, so the
 * transaction-local settings — the row-level-security scope and any planner settings the work adds —
 * hold for the work's query and vanish when the execution ends. A second execution would run
 * without them: the work must not send one.
 *
 * <p>When {@code scopeSettings} is empty the connection already runs in the owner's scope, inside
 * the transaction the calling thread joined; the work must neither commit nor close it.
 *
 * @param <T> the result
 * @since 0.1
 */
@FunctionalInterface
public interface ScopedRead<T> {

    /**
     * Runs the read.
     *
     * @param connection the connection to run one execution on; not to be closed
     * @param scopeSettings the settings (name → value, in order) to apply first, transaction-locally
     * @return the result
     * @throws SQLException a failure, which the store translates into a RagStore exception
     */
    T read(Connection connection, Map<String, String> scopeSettings) throws SQLException;
}
