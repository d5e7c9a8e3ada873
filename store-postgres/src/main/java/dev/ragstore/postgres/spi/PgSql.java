package dev.ragstore.postgres.spi;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The one SQL builder of store-postgres and its extensions: SQL text built together with its
 * positional ({@code ?}) parameters, in order, so a fragment used twice binds its values twice in
 * the right places. Values are only ever bound, never spliced into the text. Not thread-safe.
 *
 * <pre>{@code
 * PgSql sql = new PgSql().sql("SELECT id FROM ").sql(session.table("chunks"))
 *         .sql(" WHERE owner_id = ").uuid(owner).sql(" AND ").append(SqlFilter.translate(filter, columns));
 * }</pre>
 */
public final class PgSql {

    private final StringBuilder sql = new StringBuilder(1024);
    private final List<Binder> binders = new ArrayList<>();

    /** Appends SQL text that has no parameters. */
    public PgSql sql(String text) {
        sql.append(text);
        return this;
    }

    /** Appends {@code ?} bound to a UUID. */
    public PgSql uuid(UUID value) {
        return param((s, i, c) -> s.setObject(i, value));
    }

    /** Appends {@code ?} bound to a {@code uuid[]}. */
    public PgSql uuids(UUID[] values) {
        return param((s, i, c) -> {
            Array array = c.createArrayOf("uuid", values);
            s.setArray(i, array);
        });
    }

    /** Appends {@code ?} bound to text. */
    public PgSql text(String value) {
        return param((s, i, c) -> s.setString(i, value));
    }

    /** Appends {@code ?} bound to a {@code text[]}. */
    public PgSql texts(String[] values) {
        return param((s, i, c) -> s.setArray(i, c.createArrayOf("text", values)));
    }

    /** Appends {@code ?} bound to a value of a type the server infers from context (e.g. a vector literal in a CAST). */
    public PgSql untyped(String value) {
        return param((s, i, c) -> s.setObject(i, value, Types.OTHER));
    }

    /** Appends {@code ?} bound to a {@code real[]}, which the driver sends in binary (no decimal text on either side). */
    public PgSql float4s(float[] values) {
        return param((s, i, c) -> s.setObject(i, values));
    }

    /** Appends {@code ?} bound to an integer. */
    public PgSql int4(int value) {
        return param((s, i, c) -> s.setInt(i, value));
    }

    /** Appends {@code ?} bound to a bigint. */
    public PgSql int8(long value) {
        return param((s, i, c) -> s.setLong(i, value));
    }

    /** Appends {@code ?} bound to a double precision. */
    public PgSql float8(double value) {
        return param((s, i, c) -> s.setDouble(i, value));
    }

    /** Appends {@code ?} bound to a boolean. */
    public PgSql bool(boolean value) {
        return param((s, i, c) -> s.setBoolean(i, value));
    }

    /** Appends {@code ?} bound to a timestamptz. */
    public PgSql timestamp(java.time.OffsetDateTime value) {
        return param((s, i, c) -> s.setObject(i, value));
    }

    /** Appends another fragment, text and parameters. */
    public PgSql append(PgSql other) {
        sql.append(other.sql);
        binders.addAll(other.binders);
        return this;
    }

    /** The number of parameters bound so far. */
    public int parameterCount() {
        return binders.size();
    }

    /** The SQL text. */
    public String text() {
        return sql.toString();
    }

    /** The SQL text, for logs and tests; the same as {@link #text()}. */
    @Override
    public String toString() {
        return text();
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

    private PgSql param(Binder binder) {
        sql.append('?');
        binders.add(binder);
        return this;
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement statement, int index, Connection connection) throws SQLException;
    }
}
