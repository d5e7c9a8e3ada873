package dev.ragstore.bench;

import dev.ragstore.core.chunk.Embedding;
import dev.ragstore.pgvector.internal.BinaryCopyWriter;
import dev.ragstore.pgvector.internal.VectorCodec;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The raw-driver limits: one plain table {@code (id, owner_id, text, metadata, embedding)}
 * written by binary COPY or batched INSERT and searched by a bare
 * {@code ORDER BY embedding <=> ? LIMIT k}, the way a hand-written data layer would.
 */
final class RawBaseline {

    private final BenchConfig config;
    private final String schema;

    RawBaseline(BenchConfig config, String schema) {
        this.config = config;
        this.schema = schema;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(config.baseUrl(), config.user(), config.password());
    }

    void createTable(String table, int dimension) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + schema + "." + table);
            s.execute("CREATE TABLE " + schema + "." + table + " (id uuid PRIMARY KEY, owner_id uuid NOT NULL, "
                    + "text text NOT NULL, metadata jsonb NOT NULL, embedding public.vector(" + dimension + "))");
        }
    }

    /** Runs {@code statement} on a new connection; {@code %s} stands for the run's schema-qualified {@code table}. */
    void execute(String statement, String table) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(String.format(statement, schema + "." + table));
        }
    }

    void drop(String table) throws SQLException {
        execute("DROP TABLE IF EXISTS %s", table);
    }

    /** Binary COPY of every row; returns milliseconds. */
    double copy(String table, Dataset data, UUID[] owners, int from, int to) throws SQLException {
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            long start = System.nanoTime();
            CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + schema + "." + table
                    + " (id, owner_id, text, metadata, embedding) FROM STDIN (FORMAT binary)");
            BinaryCopyWriter writer = new BinaryCopyWriter(copy);
            for (int i = from; i < to; i++) {
                writer.startRow(5);
                writer.uuid(data.ids[i]);
                writer.uuid(owners[data.owners[i]]);
                writer.text(data.texts[i]);
                writer.jsonb("{\"user_id\": \"" + owners[data.owners[i]] + "\"}");
                writer.vector(Embedding.of(data.vectors[i]));
            }
            writer.finish();
            c.commit();
            return Stats.millisSince(start);
        }
    }

    /**
     * Binary COPY of every row into a new table shaped exactly like {@code template} (a RagStore
     * space table: same columns, generated tsvector, b-tree, GIN and primary-key indexes, storage and
     * storage parameters;
     * {@code LIKE ... INCLUDING ALL} copies no row-level security), in one transaction: the ingest
     * limit for that table definition. Returns milliseconds.
     */
    double copySameShape(String template, String table, Dataset data, UUID[] owners, java.time.Instant created)
            throws SQLException {
        try (Connection c = connect()) {
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS " + schema + "." + table);
                s.execute("CREATE TABLE " + schema + "." + table + " (LIKE " + schema + "." + template + " INCLUDING ALL)");
                // LIKE copies no storage parameters (RagStore's toast_tuple_target): copy them too
                try (ResultSet rs = s.executeQuery("SELECT array_to_string(reloptions, ', ') FROM pg_class WHERE oid = CAST('"
                        + schema + "." + template + "' AS regclass)")) {
                    String options = rs.next() ? rs.getString(1) : null;
                    if (options != null && !options.isEmpty()) {
                        s.execute("ALTER TABLE " + schema + "." + table + " SET (" + options + ")");
                    }
                }
            }
            c.setAutoCommit(false);
            long start = System.nanoTime();
            CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + schema + "." + table
                    + " (chunk_id, owner_id, knowledge_base_id, document_id, chunk_index, page, mime_type, created_at,"
                    + " metadata, text, vector_count, embedding) FROM STDIN (FORMAT binary)");
            BinaryCopyWriter writer = new BinaryCopyWriter(copy);
            for (int i = 0; i < data.ids.length; i++) {
                UUID owner = owners[data.owners[i]];
                writer.startRow(12);
                writer.uuid(data.ids[i]);
                writer.uuid(owner);
                writer.uuid(RagStoreContender.knowledgeBase(owner).value());
                writer.uuid(owner);
                writer.int4(i);
                writer.nullField();
                writer.text("text/plain");
                writer.timestamptz(created);
                writer.jsonb("{\"user_id\": \"" + owner + "\"}");
                writer.text(data.texts[i]);
                writer.int4(1);
                writer.vector(Embedding.of(data.vectors[i]));
            }
            writer.finish();
            c.commit();
            return Stats.millisSince(start);
        }
    }

    /** JDBC batched INSERT (1,000 rows a batch, vectors as text), one transaction; returns milliseconds. */
    double batchInsert(String table, Dataset data, UUID[] owners) throws SQLException {
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            long start = System.nanoTime();
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + schema + "." + table
                    + " (id, owner_id, text, metadata, embedding) VALUES (?, ?, ?, CAST(? AS jsonb), CAST(? AS public.vector))")) {
                for (int i = 0; i < data.ids.length; i++) {
                    insert.setObject(1, data.ids[i]);
                    insert.setObject(2, owners[data.owners[i]]);
                    insert.setString(3, data.texts[i]);
                    insert.setString(4, "{\"user_id\": \"" + owners[data.owners[i]] + "\"}");
                    insert.setString(5, VectorCodec.literal(Embedding.of(data.vectors[i])));
                    insert.addBatch();
                    if ((i + 1) % 1_000 == 0) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
            c.commit();
            return Stats.millisSince(start);
        }
    }

    /** Builds the HNSW index; returns milliseconds. */
    double buildIndex(String table) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("SET maintenance_work_mem = '1GB'");
            long start = System.nanoTime();
            s.execute("CREATE INDEX " + table + "_hnsw ON " + schema + "." + table
                    + " USING hnsw (embedding public.vector_cosine_ops) WITH (m = 16, ef_construction = 64)");
            double millis = Stats.millisSince(start);
            s.execute("VACUUM ANALYZE " + schema + "." + table);
            return millis;
        }
    }

    /** A searcher on its own connection; {@code filter} adds the naive JSON owner predicate. */
    Searcher searcher(String table, boolean filter, boolean iterative) throws SQLException {
        return new Searcher(connect(), table, filter, iterative);
    }

    /** One connection running the raw query. */
    final class Searcher implements AutoCloseable {

        private final Connection connection;
        private final PreparedStatement statement;
        private final boolean filter;

        Searcher(Connection connection, String table, boolean filter, boolean iterative) throws SQLException {
            this.connection = connection;
            this.filter = filter;
            try (Statement s = connection.createStatement()) {
                s.execute("SET jit = off");
                s.execute(config.efSearchStatement());
                if (iterative) {
                    s.execute("SET hnsw.iterative_scan = relaxed_order");
                }
            }
            this.statement = connection.prepareStatement("SELECT id FROM " + schema + "." + table
                    + (filter ? " WHERE metadata->>'user_id' = ?" : "")
                    + " ORDER BY embedding OPERATOR(public.<=>) CAST(? AS public.vector) LIMIT ?");
        }

        List<UUID> search(float[] vector, int k, UUID owner) throws SQLException {
            int i = 1;
            if (filter) {
                statement.setString(i++, owner.toString());
            }
            statement.setString(i++, VectorCodec.literal(Embedding.of(vector)));
            statement.setInt(i, k);
            List<UUID> ids = new ArrayList<>(k);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
            }
            return ids;
        }

        @Override
        public void close() throws SQLException {
            statement.close();
            connection.close();
        }
    }

    /** The executed plan of {@code sql} on a connection with the given iterative-scan setting. */
    String explain(String table, boolean filter, boolean iterative, float[] vector, int k, UUID owner) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("SET jit = off");
            s.execute(config.efSearchStatement());
            if (iterative) {
                s.execute("SET hnsw.iterative_scan = relaxed_order");
            }
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = s.executeQuery("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT id FROM "
                    + schema + "." + table + (filter ? " WHERE metadata->>'user_id' = '" + owner + "'" : "")
                    + " ORDER BY embedding OPERATOR(public.<=>) '" + VectorCodec.literal(Embedding.of(vector))
                    + "'::public.vector LIMIT " + k)) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
            return plan.toString();
        }
    }
}
