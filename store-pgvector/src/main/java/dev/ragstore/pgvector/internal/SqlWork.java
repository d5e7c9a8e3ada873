package dev.ragstore.pgvector.internal;

import org.jdbi.v3.core.Handle;

import java.sql.SQLException;
import java.util.function.Function;

/**
 * Work on a transaction's handle that may throw {@link SQLException}. {@link #unchecked} adapts it
 * to the {@code Function<Handle, T>} of store-postgres's transactions: a {@code SQLException} is
 * carried out in a {@link SqlFailure}, which the transaction translates (by its SQL cause) into a
 * RagStore exception after the rollback, so no driver exception reaches the caller.
 */
@FunctionalInterface
public interface SqlWork<T> {

    T run(Handle handle) throws SQLException;

    /** {@code work} as a function whose SQL failures travel as {@link SqlFailure}. */
    static <T> Function<Handle, T> unchecked(SqlWork<T> work) {
        return handle -> {
            try {
                return work.run(handle);
            } catch (SQLException e) {
                throw new SqlFailure(e);
            }
        };
    }

    /** Carries a {@link SQLException} through a transaction callback to its translator; never reaches callers. */
    final class SqlFailure extends RuntimeException {

        private static final long serialVersionUID = 1L;

        SqlFailure(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
