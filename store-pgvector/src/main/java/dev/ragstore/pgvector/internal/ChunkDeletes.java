package dev.ragstore.pgvector.internal;

import dev.ragstore.postgres.spi.PgSql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Deletes from a space's tables, always restricted to one owner; each call is one round trip
 * (both tables in one multi-statement). Runs inside the caller's transaction. Stateless.
 */
public final class ChunkDeletes {

    private ChunkDeletes() {
    }

    /** Deletes the owner's chunks among {@code chunkIds}. */
    public static void chunks(Connection connection, SpaceTables layout, UUID owner, UUID[] chunkIds) throws SQLException {
        PgSql sql = new PgSql();
        for (String table : new String[] {layout.table(), layout.tokensTable()}) {
            sql.sql("DELETE FROM " + table + " WHERE owner_id = ").uuid(owner).sql(" AND chunk_id = ANY(").uuids(chunkIds).sql(");");
        }
        run(connection, sql);
    }

    /** Deletes the owner's chunks of the given documents. */
    public static void documents(Connection connection, SpaceTables layout, UUID owner, UUID[] documentIds)
            throws SQLException {
        PgSql sql = new PgSql();
        for (String table : new String[] {layout.table(), layout.tokensTable()}) {
            sql.sql("DELETE FROM " + table + " WHERE owner_id = ").uuid(owner)
                    .sql(" AND document_id = ANY(").uuids(documentIds).sql(");");
        }
        run(connection, sql);
    }

    /** Deletes the owner's chunks of one document except those in {@code keep}. */
    public static void documentExcept(Connection connection, SpaceTables layout, UUID owner, UUID documentId, UUID[] keep)
            throws SQLException {
        PgSql sql = new PgSql();
        for (String table : new String[] {layout.table(), layout.tokensTable()}) {
            sql.sql("DELETE FROM " + table + " WHERE owner_id = ").uuid(owner).sql(" AND document_id = ").uuid(documentId)
                    .sql(" AND chunk_id <> ALL(").uuids(keep).sql(");");
        }
        run(connection, sql);
    }

    /** Deletes the owner's chunks of one knowledge base. */
    public static void knowledgeBase(Connection connection, SpaceTables layout, UUID owner, UUID knowledgeBaseId)
            throws SQLException {
        PgSql sql = new PgSql();
        for (String table : new String[] {layout.table(), layout.tokensTable()}) {
            sql.sql("DELETE FROM " + table + " WHERE owner_id = ").uuid(owner)
                    .sql(" AND knowledge_base_id = ").uuid(knowledgeBaseId).sql(";");
        }
        run(connection, sql);
    }

    /** Deletes every chunk of the owner. */
    public static void owner(Connection connection, SpaceTables layout, UUID owner) throws SQLException {
        PgSql sql = new PgSql();
        for (String table : new String[] {layout.table(), layout.tokensTable()}) {
            sql.sql("DELETE FROM " + table + " WHERE owner_id = ").uuid(owner).sql(";");
        }
        run(connection, sql);
    }

    private static void run(Connection connection, PgSql sql) throws SQLException {
        try (PreparedStatement statement = sql.prepare(connection)) {
            statement.execute();
            while (statement.getMoreResults() || statement.getUpdateCount() != -1) {
                // drain every statement's result
            }
        }
    }
}
