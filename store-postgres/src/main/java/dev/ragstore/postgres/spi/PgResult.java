package dev.ragstore.postgres.spi;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Maps the result set of a {@link PgSession#query} statement; the set is closed afterwards.
 *
 * @param <T> the result
 */
@FunctionalInterface
public interface PgResult<T> {

    T map(ResultSet rows) throws SQLException;
}
