package dev.ragstore.bench;

import com.pgvector.PGvector;
import com.zaxxer.hikari.HikariDataSource;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.Embedding;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.filter.Filter;
import org.springframework.ai.vectorstore.filter.FilterExpressionBuilder;
import org.springframework.ai.vectorstore.pgvector.PgVectorStore;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Spring AI's {@link PgVectorStore} (cosine distance, UUID ids, {@code metadata json} column) on its own
 * table {@code schema.table}, over a plain {@link JdbcTemplate} on a HikariCP pool with no Spring
 * context, driven through the library's {@code add} and {@code similaritySearch} API. Its
 * {@link EmbeddingModel} embeds nothing: it returns the bench's precomputed vectors.
 *
 * <p>The library creates its table ({@code initializeSchema}) with {@code indexType NONE}: it creates
 * its index only at table creation, so {@link #buildIndex()} builds the raw baseline's HNSW index with
 * plain JDBC after loading. Schema initialisation also runs {@code CREATE EXTENSION IF NOT EXISTS} for
 * {@code vector}, {@code hstore} and {@code uuid-ossp}; the pool's {@code search_path} starts with
 * {@code schema} so that extensions missing from the database land there and go with the bench's
 * {@code DROP SCHEMA}; where another schema (a run that was killed) already holds them, that schema
 * follows on the path, so {@code uuid_generate_v4()} resolves. The library sets neither {@code hnsw.ef_search} nor {@code hnsw.iterative_scan}.
 *
 * <p>Adding uses a batching strategy of one embedding call per {@code add}, instead of the default
 * token counting ({@code TokenCountBatchingStrategy}), which only sizes requests to a remote embedding
 * service and would charge the store for work an embedding-free ingest does not do.
 */
final class SpringAiContender implements AutoCloseable {

    private final RawBaseline raw;
    private final String table;
    private final String qualifiedTable;
    private final HikariDataSource pool;
    private final JdbcTemplate jdbc;
    private final PrecomputedEmbeddingModel model;
    private final PgVectorStore store;
    private final AtomicLong queryKeys = new AtomicLong();

    /** Drops and creates {@code schema.table} (vector of {@code dimension}, no ANN index) through the library. */
    SpringAiContender(BenchConfig config, String schema, String table, int dimension, int poolSize) {
        this.raw = new RawBaseline(config, schema);
        this.table = table;
        this.qualifiedTable = schema + "." + table;
        this.pool = config.pool("spring-ai", poolSize, "SET search_path TO " + schema + extensionSchemas(raw) + ", public; "
                + config.efSearchStatement());
        this.jdbc = new JdbcTemplate(pool);
        this.model = new PrecomputedEmbeddingModel(dimension);
        try {
            this.store = PgVectorStore.builder(jdbc, model).schemaName(schema).vectorTableName(table)
                    .dimensions(dimension).distanceType(PgVectorStore.PgDistanceType.COSINE_DISTANCE)
                    .indexType(PgVectorStore.PgIndexType.NONE).initializeSchema(true)
                    .removeExistingVectorStoreTable(true).maxDocumentBatchSize(RagStoreContender.BATCH)
                    .batchingStrategy(documents -> List.of(documents)).build();
            store.afterPropertiesSet();
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /**
     * Adds rows {@code from..to} of {@code data} with {@code add(List<Document>)}, 1,000 a call, metadata
     * {@code {"user_id": owner}}; returns milliseconds, not counting building the documents.
     */
    double ingest(Dataset data, UUID[] owners, int from, int to) {
        List<Document> documents = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            String id = data.ids[i].toString();
            documents.add(Document.builder().id(id).text(data.texts[i])
                    .metadata(Map.of("user_id", owners[data.owners[i]].toString())).build());
            model.vectors.put(id, data.vectors[i]);
        }
        try {
            long start = System.nanoTime();
            for (int i = 0; i < documents.size(); i += RagStoreContender.BATCH) {
                store.add(documents.subList(i, Math.min(documents.size(), i + RagStoreContender.BATCH)));
            }
            return Stats.millisSince(start);
        } finally {
            for (Document document : documents) {
                model.vectors.remove(document.getId());
            }
        }
    }

    /**
     * Builds the raw baseline's HNSW index (m = 16, ef_construction = 64, 1 GB maintenance memory) on
     * the library's table with the raw baseline's plain JDBC, then VACUUM ANALYZE; returns the build's
     * milliseconds.
     */
    double buildIndex() throws SQLException {
        return raw.buildIndex(table);
    }

    /**
     * The ids of the library's top {@code k} by cosine distance, with similarity threshold 0 (which still
     * drops rows at cosine distance 1 or more) and, if {@code owner} is given, the filter expression
     * {@code user_id == owner}.
     */
    List<UUID> search(float[] query, int k, UUID owner) {
        String key = "query " + queryKeys.incrementAndGet();
        model.vectors.put(key, query);
        try {
            List<Document> documents = store.similaritySearch(SearchRequest.builder().query(key).topK(k)
                    .similarityThreshold(0.0).filterExpression(owner == null ? null : ownerFilter(owner)).build());
            List<UUID> ids = new ArrayList<>(documents.size());
            for (Document document : documents) {
                ids.add(UUID.fromString(document.getId()));
            }
            return ids;
        } finally {
            model.vectors.remove(key);
        }
    }

    /**
     * The executed plan of the statement {@link #search} makes the library run: its own cosine SQL
     * template and filter converter, with the same parameters.
     */
    String explain(float[] query, int k, UUID owner) {
        String filter = owner == null ? "" : " AND " + store.filterExpressionConverter.convertExpression(ownerFilter(owner)) + " ";
        String sql = String.format(PgVectorStore.PgDistanceType.COSINE_DISTANCE.similaritySearchSqlTemplate,
                qualifiedTable, filter);
        PGvector vector = new PGvector(query);
        List<String> plan = jdbc.query("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) " + sql,
                (rs, row) -> rs.getString(1), vector, vector, 1.0, k);
        return String.join("\n", plan) + "\n";
    }

    private static Filter.Expression ownerFilter(UUID owner) {
        return new FilterExpressionBuilder().eq("user_id", owner.toString()).build();
    }

    @Override
    public void close() {
        pool.close();
    }

    /**
     * An {@link EmbeddingModel} that computes nothing: it embeds a document as the vector registered
     * under its id, and a text as the vector registered under that text.
     */
    private static final class PrecomputedEmbeddingModel implements EmbeddingModel {

        private final int dimension;
        private final Map<String, float[]> vectors = new ConcurrentHashMap<>();

        PrecomputedEmbeddingModel(int dimension) {
            this.dimension = dimension;
        }

        @Override
        public EmbeddingResponse call(EmbeddingRequest request) {
            List<String> keys = request.getInstructions();
            List<Embedding> embeddings = new ArrayList<>(keys.size());
            for (int i = 0; i < keys.size(); i++) {
                embeddings.add(new Embedding(vector(keys.get(i)), i));
            }
            return new EmbeddingResponse(embeddings);
        }

        @Override
        public float[] embed(Document document) {
            return vector(document.getId());
        }

        /** The key a document is embedded by: its id. */
        @Override
        public String getEmbeddingContent(Document document) {
            return document.getId();
        }

        @Override
        public int dimensions() {
            return dimension;
        }

        private float[] vector(String key) {
            float[] vector = vectors.get(key);
            if (vector == null) {
                throw new IllegalStateException("no precomputed vector for " + key);
            }
            return vector;
        }
    }

    /** ", s1, s2" for the schemas that already hold uuid-ossp or hstore outside public, else "". */
    private static String extensionSchemas(RawBaseline raw) {
        StringBuilder schemas = new StringBuilder();
        try (java.sql.Connection c = raw.connect(); java.sql.Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT DISTINCT n.nspname FROM pg_extension e JOIN pg_namespace n "
                     + "ON n.oid = e.extnamespace WHERE e.extname IN ('uuid-ossp', 'hstore') AND n.nspname <> 'public'")) {
            while (rs.next()) {
                schemas.append(", \"").append(rs.getString(1).replace("\"", "\"\"")).append('"');
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot read the extension schemas", e);
        }
        return schemas.toString();
    }
}
