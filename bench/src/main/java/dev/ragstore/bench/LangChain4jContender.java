package dev.ragstore.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.filter.MetadataFilterBuilder;
import dev.langchain4j.store.embedding.pgvector.PgVectorEmbeddingStore;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * LangChain4j's {@link PgVectorEmbeddingStore} with its default settings (combined {@code metadata JSON}
 * column, vector-only search) on its own table {@code schema.table} and HikariCP pool, driven through
 * the library's {@code addAll} and {@code search} API with the bench's precomputed vectors.
 *
 * <p>The library creates its table without an ANN index: it can only create an IVFFlat index, and only
 * at table creation ({@code useIndex}). {@link #buildIndex()} therefore builds the same HNSW index as
 * the raw baseline with plain JDBC after loading. Every library call takes a pooled connection and
 * runs {@code CREATE EXTENSION IF NOT EXISTS vector} on it first (the library default); the library
 * sets neither {@code hnsw.ef_search} nor {@code hnsw.iterative_scan}.
 */
final class LangChain4jContender implements AutoCloseable {

    private final RawBaseline raw;
    private final String table;
    private final String qualifiedTable;
    private final HikariDataSource pool;
    private final PgVectorEmbeddingStore store;

    /** Drops and creates {@code schema.table} (vector of {@code dimension}, no ANN index) through the library. */
    LangChain4jContender(BenchConfig config, String schema, String table, int dimension, int poolSize) {
        this.raw = new RawBaseline(config, schema);
        this.table = table;
        this.qualifiedTable = schema + "." + table;
        this.pool = config.pool("langchain4j", poolSize, config.efSearchStatement());
        try {
            this.store = PgVectorEmbeddingStore.datasourceBuilder().datasource(pool).table(qualifiedTable)
                    .dimension(dimension).createTable(true).dropTableFirst(true).useIndex(false).build();
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /**
     * Adds rows {@code from..to} of {@code data} with {@code addAll(ids, embeddings, segments)}, 1,000 a
     * call, metadata {@code {"user_id": owner}}; returns milliseconds, not counting building the segments.
     */
    double ingest(Dataset data, UUID[] owners, int from, int to) {
        List<String> ids = new ArrayList<>(to - from);
        List<Embedding> embeddings = new ArrayList<>(to - from);
        List<TextSegment> segments = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            ids.add(data.ids[i].toString());
            embeddings.add(Embedding.from(data.vectors[i]));
            segments.add(TextSegment.from(data.texts[i],
                    Metadata.from(Map.of("user_id", owners[data.owners[i]].toString()))));
        }
        long start = System.nanoTime();
        for (int i = 0; i < ids.size(); i += RagStoreContender.BATCH) {
            int end = Math.min(ids.size(), i + RagStoreContender.BATCH);
            store.addAll(ids.subList(i, end), embeddings.subList(i, end), segments.subList(i, end));
        }
        return Stats.millisSince(start);
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
     * The ids of the library's top {@code k} by cosine distance, with minScore 0 and, if {@code owner}
     * is given, the metadata filter {@code user_id == owner}.
     */
    List<UUID> search(float[] query, int k, UUID owner) {
        EmbeddingSearchRequest.EmbeddingSearchRequestBuilder request = EmbeddingSearchRequest.builder()
                .queryEmbedding(Embedding.from(query)).maxResults(k).minScore(0.0);
        if (owner != null) {
            request.filter(MetadataFilterBuilder.metadataKey("user_id").isEqualTo(owner.toString()));
        }
        List<EmbeddingMatch<TextSegment>> matches = store.search(request.build()).matches();
        List<UUID> ids = new ArrayList<>(matches.size());
        for (EmbeddingMatch<TextSegment> match : matches) {
            ids.add(UUID.fromString(match.embeddingId()));
        }
        return ids;
    }

    /**
     * The executed plan of the statement {@link #search} makes the library run, rebuilt from the
     * library's source (1.13.0-beta23: vector and values inlined as literals, JSON filter cast to text).
     */
    String explain(float[] query, int k, UUID owner) throws SQLException {
        String vector = Arrays.toString(query);
        String filter = owner == null ? ""
                : "AND (metadata->>'user_id')::text is not null and (metadata->>'user_id')::text = '" + owner + "'";
        String sql = "SELECT (2 - (embedding <=> '" + vector + "')) / 2 AS score, embedding_id, embedding, text, metadata"
                + " FROM " + qualifiedTable + " WHERE round(cast(float8 (embedding <=> '" + vector + "') as numeric), 8)"
                + " <= round(2 - 2 * 0.0, 8) " + filter + " ORDER BY embedding <=> '" + vector + "' LIMIT " + k;
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) " + sql)) {
            StringBuilder plan = new StringBuilder();
            while (rs.next()) {
                plan.append(rs.getString(1)).append('\n');
            }
            return plan.toString();
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
