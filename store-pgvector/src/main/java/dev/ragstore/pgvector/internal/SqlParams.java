package dev.ragstore.pgvector.internal;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * SQL text built together with its positional parameters, so a fragment used twice binds its
 * values twice in the right places. Values are only ever bound, never spliced. Not thread-safe.
 */
public final class SqlParams {

    private final StringBuilder sql = new StringBuilder(1024);
    private final List<Binder> binders = new ArrayList<>();

    /** Appends SQL text that has no parameters. */
    public SqlParams sql(String text) {
        sql.append(text);
        return this;
    }

    /** Appends {@code ?} bound to a UUID. */
    public SqlParams uuid(UUID value) {
        return param((s, i, c) -> s.setObject(i, value));
    }

    /** Appends {@code ?} bound to a {@code uuid[]}. */
    public SqlParams uuids(UUID[] values) {
        return param((s, i, c) -> {
            Array array = c.createArrayOf("uuid", values);
            s.setArray(i, array);
        });
    }

    /** Appends {@code ?} bound to text. */
    public SqlParams text(String value) {
        return param((s, i, c) -> s.setString(i, value));
    }

    /** Appends {@code ?} bound to a {@code text[]}. */
    public SqlParams texts(String[] values) {
        return param((s, i, c) -> s.setArray(i, c.createArrayOf("text", values)));
    }

    /** Appends {@code ?} bound to a value of a type the server infers from context (e.g. a vector literal in a CAST). */
    public SqlParams untyped(String value) {
        return param((s, i, c) -> s.setObject(i, value, Types.OTHER));
    }

    /** Appends {@code ?} bound to a {@code real[]}, which the driver sends in binary (no decimal text on either side). */
    public SqlParams float4s(float[] values) {
        return param((s, i, c) -> s.setObject(i, values));
    }

    public SqlParams int4(int value) {
        return param((s, i, c) -> s.setInt(i, value));
    }

    public SqlParams int8(long value) {
        return param((s, i, c) -> s.setLong(i, value));
    }

    public SqlParams float8(double value) {
        return param((s, i, c) -> s.setDouble(i, value));
    }

    public SqlParams bool(boolean value) {
        return param((s, i, c) -> s.setBoolean(i, value));
    }

    /** Appends {@code ?} bound to a timestamptz. */
    public SqlParams timestamp(java.time.OffsetDateTime value) {
        return param((s, i, c) -> s.setObject(i, value));
    }

    /** Appends another fragment, text and parameters. */
    public SqlParams append(SqlParams other) {
        sql.append(other.sql);
        binders.addAll(other.binders);
        return this;
    }

    /** The SQL text. */
    public String text() {
        return sql.toString();
    }

    /** Prepares the statement on {@code connection} and binds every parameter. */
    public PreparedStatement prepare(Connection connection) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql.toString());
        try {
            for (int i = 0; i < binders.size(); i++) {
                binders.get(i).bind(statement, i + 1, connection);
            }
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    private SqlParams param(Binder binder) {
        sql.append('?');
        binders.add(binder);
        return this;
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement statement, int index, Connection connection) throws SQLException;
    }
}
