package dev.ragstore.pgvector.internal;

import dev.ragstore.core.chunk.ChunkId;
import dev.ragstore.core.chunk.Embedding;
import dev.ragstore.core.search.IndexHit;
import dev.ragstore.core.search.IndexQuery;
import dev.ragstore.core.search.SearchMode;
import dev.ragstore.pgvector.IndexMethod;
import dev.ragstore.pgvector.IterativeScan;
import dev.ragstore.pgvector.SearchTuning;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Runs one search as a single round trip: the transaction-local settings ({@code set_config(...,
 * true)}: the row-level-security scope the store hands over, the index and planner settings) and
 * the search statement are sent together as one multi-statement, and the hits are mapped with the
 * mode's score. Stateless.
 *
 * <p>A single-vector VECTOR search runs with {@code plan_cache_mode = force_generic_plan}: its
 * statement is prepared once per connection and planned once, since every choice that depends on
 * the values (small owner or not, enough ANN rows or not) is made at run time by the statement
 * itself — an owner {@link OwnerSizes} remembers as large gets a statement text without the count —;
 * planning it anew costs more than running it. Sequential scans are off for it, since the
 * generic plan cannot tell a small owner from a large one. Keyword and hybrid searches keep custom
 * plans, so the planner sees the search terms and picks the GIN index for rare ones.
 */
public final class SearchRunner {

    /** How deep each ranking of a hybrid search goes: {@code max(4·topK, 50)}, as the in-memory reference. */
    public static int hybridDepth(int topK) {
        return Math.max(4 * topK, 50);
    }

    private SearchRunner() {
    }

    /**
     * The hits of {@code query} in {@code layout}; {@code vectors} are already checked against the
     * space. Runs inside the caller's transaction (owner scope).
     */
    public static List<IndexHit> run(Connection connection, Map<String, String> scope, SpaceLayout layout, IndexQuery query,
            IndexSettings settings, SearchTuning tuning, String registryTable, OwnerSizes ownerSizes) throws SQLException {
        if (query.mode() == SearchMode.KEYWORD && KeywordTerms.anyOf(query.text()).isEmpty()) {
            return List.of();
        }
        boolean gated = query.mode() != SearchMode.KEYWORD;
        int limit = limit(query);
        boolean knownLarge = knownLarge(query, limit, ownerSizes);
        SqlParams statement = statement(scope, layout, query, settings, tuning, registryTable, knownLarge, "");
        List<IndexHit> hits = new ArrayList<>(query.topK());
        try (PreparedStatement prepared = statement.prepare(connection)) {
            try (ResultSet rs = searchResult(prepared)) {
                int rank = 0;
                while (rs.next() && hits.size() < query.topK()) {
                    if (rank == 0 && gated && !knownLarge) {
                        ownerSizes.remember(query, limit, rs.getBoolean(SearchSql.OWNER_SMALL));
                    }
                    rank++;
                    hits.add(hit(rs, query.mode(), query.vectors().size(), layout, rank));
                }
            }
        }
        if (query.minScore() != null) {
            hits.removeIf(hit -> hit.score() < query.minScore());
        }
        return List.copyOf(hits);
    }

    /**
     * The plan PostgreSQL executed for {@code query}, from {@code EXPLAIN (ANALYZE, COSTS OFF,
     * TIMING OFF, SUMMARY OFF)} under the same settings as {@link #run}, with the gate's remembered
     * verdict when there is one (and none remembered from it); for diagnostics.
     */
    public static String explain(Connection connection, Map<String, String> scope, SpaceLayout layout, IndexQuery query,
            IndexSettings settings, SearchTuning tuning, String registryTable, OwnerSizes ownerSizes) throws SQLException {
        SqlParams statement = statement(scope, layout, query, settings, tuning, registryTable,
                knownLarge(query, limit(query), ownerSizes),
                "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) ");
        StringBuilder plan = new StringBuilder();
        try (PreparedStatement prepared = statement.prepare(connection); ResultSet rs = searchResult(prepared)) {
            while (rs.next()) {
                plan.append(rs.getString(1)).append('\n');
            }
        }
        return plan.toString();
    }

    /**
     * Whether the owner of a single-vector search (vector or hybrid) is remembered as large; a
     * multi-vector query's candidates depend on the count, so it always counts.
     */
    private static boolean knownLarge(IndexQuery query, int limit, OwnerSizes ownerSizes) {
        return query.mode() != SearchMode.KEYWORD && query.vectors().size() == 1 && ownerSizes.knownLarge(query, limit);
    }

    /** How many rows the ANN branch fetches: {@link SearchSql#ANN_OVERFETCH}·limit for unfiltered relaxed scans. */
    private static int annDepth(IndexQuery query, SpaceLayout layout, IndexSettings settings, int limit) {
        boolean strict = layout.indexMethod() == IndexMethod.HNSW && settings.iterativeScan() == IterativeScan.STRICT_ORDER;
        return query.filter() == null && !strict ? SearchSql.ANN_OVERFETCH * limit : limit;
    }

    /** How many rows each ranking of {@code query} fetches. */
    private static int limit(IndexQuery query) {
        return query.mode() == SearchMode.HYBRID ? hybridDepth(query.topK()) : query.topK();
    }

    private static SqlParams statement(Map<String, String> scope, SpaceLayout layout, IndexQuery query,
            IndexSettings settings, SearchTuning tuning, String registryTable, boolean knownLarge, String prefix) {
        SearchMode mode = query.mode();
        List<Embedding> vectors = query.vectors();
        String terms = mode == SearchMode.VECTOR ? "" : KeywordTerms.anyOf(query.text());
        int limit = limit(query);
        int annDepth = annDepth(query, layout, settings, limit);
        SearchSql.Plan plan = new SearchSql.Plan(limit, annDepth,
                settings.exactSearchThreshold() > 0 ? settings.exactSearchThreshold() : null,
                Math.max(settings.multiVectorCandidates(), limit), registryTable, knownLarge);
        SqlParams search;
        boolean generic = false;
        if (mode == SearchMode.KEYWORD) {
            search = SearchSql.keyword(layout, query, terms, plan);
        } else if (mode == SearchMode.HYBRID) {
            search = SearchSql.hybrid(layout, query, vectors, terms, plan);
        } else if (vectors.size() == 1) {
            search = SearchSql.vector(layout, query, vectors.get(0), plan);
            generic = true;
        } else {
            search = SearchSql.maxSim(layout, query, vectors, plan);
        }
        return settings(scope, layout, settings, tuning, annDepth, generic).sql("; " + prefix).append(search);
    }

    /** Executes the two-statement batch and returns the result of the second (the search). */
    private static ResultSet searchResult(PreparedStatement prepared) throws SQLException {
        prepared.execute();
        if (!prepared.getMoreResults()) {
            throw new IllegalStateException("the search statement returned no result set");
        }
        return prepared.getResultSet();
    }

    private static IndexHit hit(ResultSet rs, SearchMode mode, int queryVectors, SpaceLayout layout, int rank)
            throws SQLException {
        ChunkId id = new ChunkId(rs.getObject(SearchSql.CHUNK_ID, UUID.class));
        double value = rs.getDouble(SearchSql.VALUE);
        switch (mode) {
            case VECTOR:
                return new IndexHit(id, queryVectors == 1 ? layout.score(value) : -value, rank, null);
            case KEYWORD:
                return new IndexHit(id, value, null, rank);
            case HYBRID:
                return new IndexHit(id, value, rank(rs, SearchSql.VECTOR_RANK), rank(rs, SearchSql.KEYWORD_RANK));
            default:
                throw new IllegalStateException("unhandled search mode " + mode);
        }
    }

    private static Integer rank(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : (int) value;
    }

    /** One SELECT of {@code set_config(name, value, true)} calls: local to the (implicit) transaction. */
    private static SqlParams settings(Map<String, String> scope, SpaceLayout layout, IndexSettings settings,
            SearchTuning tuning, int annDepth, boolean generic) {
        String scan = settings.iterativeScan().name().toLowerCase(Locale.ROOT);
        // jit: compiling a plan costs more than the whole search; enable_sort: the ANN branch must read
        // the index in distance order, never "scan the owner's rows and sort" (the exact branch does
        // that on purpose, and every other alternative sorts too, so only the ANN choice changes)
        SqlParams sql = new SqlParams().sql("SELECT set_config('jit', 'off', true), set_config('enable_sort', 'off', true)");
        for (Map.Entry<String, String> setting : scope.entrySet()) {
            sql.sql(", set_config(").text(setting.getKey()).sql(", ").text(setting.getValue()).sql(", true)");
        }
        if (generic) {
            // a generic plan cannot see the owner: it estimates rows/n_distinct(owner) for the owner's
            // rows and, with few owners, prefers a sequential scan to the owner's b-tree; every table
            // access of the statement has an index path (owner b-tree, primary key, ANN index)
            sql.sql(", set_config('plan_cache_mode', 'force_generic_plan', true), set_config('enable_seqscan', 'off', true)");
        }
        if (layout.indexMethod() == IndexMethod.HNSW) {
            int efSearch = Math.min(SearchTuning.MAX_EF_SEARCH, Math.max(tuning.efSearch(), annDepth));
            sql.sql(", set_config('hnsw.ef_search', ").text(Integer.toString(efSearch)).sql(", true)")
                    .sql(", set_config('hnsw.iterative_scan', ").text(scan).sql(", true)");
            if (settings.iterativeScan() != IterativeScan.OFF) {
                sql.sql(", set_config('hnsw.max_scan_tuples', ").text(Integer.toString(settings.maxScanTuples())).sql(", true)");
            }
        } else {
            // ivfflat has no relaxed/strict distinction beyond relaxed_order
            String ivfScan = settings.iterativeScan() == IterativeScan.OFF ? "off" : "relaxed_order";
            sql.sql(", set_config('ivfflat.probes', ").text(Integer.toString(tuning.probes())).sql(", true)")
                    .sql(", set_config('ivfflat.iterative_scan', ").text(ivfScan).sql(", true)");
        }
        return sql;
    }
}
