package dev.ragstore.pgvector.internal;

import dev.ragstore.postgres.spi.PgSql;
import dev.ragstore.core.chunk.ChunkId;
import dev.ragstore.core.chunk.Embedding;
import dev.ragstore.core.search.IndexHit;
import dev.ragstore.core.search.IndexQuery;
import dev.ragstore.core.search.ReciprocalRankFusion;
import dev.ragstore.core.search.SearchMode;
import dev.ragstore.pgvector.IndexMethod;
import dev.ragstore.pgvector.IterativeScan;
import dev.ragstore.pgvector.SearchTuning;
import dev.ragstore.postgres.spi.PgSession;
import dev.ragstore.postgres.spi.PgSetting;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.UUID;

/**
 * Runs one search as a single round trip in a {@link PgSession}: the transaction-local settings
 * (the row-level-security scope the session adds, the index and planner settings) and the search
 * statement are sent together as one execution, and the hits are mapped with the mode's score.
 * Stateless.
 *
 * <p>A single-vector VECTOR search runs with {@code plan_cache_mode = force_generic_plan}: its
 * statement is prepared once per connection and planned once, since every choice that depends on
 * the values (small owner or not, enough ANN rows or not) is made at run time by the statement
 * itself — an owner {@link OwnerSizes} remembers as large gets a statement text without the count —;
 * planning it anew costs more than running it. Sequential scans are off for it, since the
 * generic plan cannot tell a small owner from a large one. Keyword and hybrid searches keep custom
 * plans, so the planner sees the search terms and picks the GIN index for rare ones.
 *
 * <p>A query with {@code includeVectors} reads its hits' stored vectors afterwards with
 * {@link #withStoredVectors} ({@link SearchSql#STORED_VECTORS}), a second round trip; without it
 * nothing more is read.
 */
public final class SearchRunner {

    private SearchRunner() {
    }

    /**
     * The hits of {@code query} in {@code layout}; {@code vectors} are already checked against the
     * space. Runs inside the caller's transaction (owner scope).
     */
    public static List<IndexHit> run(PgSession session, SpaceLayout layout, IndexQuery query, IndexSettings settings,
            SearchTuning tuning, String registryTable, OwnerSizes ownerSizes) throws SQLException {
        if (query.mode() == SearchMode.KEYWORD && KeywordTerms.anyOf(query.text()).isEmpty()) {
            return List.of();
        }
        boolean gated = query.mode() != SearchMode.KEYWORD;
        int limit = limit(query);
        boolean knownLarge = knownLarge(query, limit, ownerSizes);
        Statement statement = statement(layout, query, settings, tuning, registryTable, knownLarge, "");
        List<IndexHit> hits = session.query(statement.sql(), statement.settings(), rs -> {
            List<IndexHit> found = new ArrayList<>(query.topK());
            int rank = 0;
            while (rs.next() && found.size() < query.topK()) {
                if (rank == 0 && gated && !knownLarge) {
                    ownerSizes.remember(query, limit, rs.getBoolean(SearchSql.OWNER_SMALL));
                }
                rank++;
                found.add(hit(rs, query.mode(), query.vectors().size(), layout, rank));
            }
            return found;
        });
        if (query.minScore() != null) {
            hits.removeIf(hit -> hit.score() < query.minScore());
        }
        return List.copyOf(hits);
    }

    /**
     * {@code hits} of {@code query} carrying their stored vectors (in stored order), read by
     * {@link SearchSql#STORED_VECTORS} in one round trip of the owner's scope.
     */
    public static List<IndexHit> withStoredVectors(PgSession session, SpaceLayout layout, IndexQuery query,
            List<IndexHit> hits) throws SQLException {
        UUID[] ids = hits.stream().map(hit -> hit.chunkId().value()).toArray(UUID[]::new);
        Map<ChunkId, List<Embedding>> stored = session.query(SearchSql.storedVectors(layout, query.ownerId().value(), ids),
                List.of(), rs -> {
                    Map<ChunkId, List<Embedding>> found = new HashMap<>();
                    while (rs.next()) {
                        found.computeIfAbsent(new ChunkId(rs.getObject(1, UUID.class)), id -> new ArrayList<>())
                                .add(VectorCodec.parse(rs.getString(3)));
                    }
                    return found;
                });
        List<IndexHit> carrying = new ArrayList<>(hits.size());
        for (IndexHit hit : hits) {
            carrying.add(hit.withVectors(stored.getOrDefault(hit.chunkId(), List.of())));
        }
        return List.copyOf(carrying);
    }

    /**
     * The plan PostgreSQL executed for {@code query}, from {@code EXPLAIN (ANALYZE, COSTS OFF,
     * TIMING OFF, SUMMARY OFF)} under the same settings as {@link #run}, with the gate's remembered
     * verdict when there is one (and none remembered from it); for diagnostics.
     */
    public static String explain(PgSession session, SpaceLayout layout, IndexQuery query, IndexSettings settings,
            SearchTuning tuning, String registryTable, OwnerSizes ownerSizes) throws SQLException {
        Statement statement = statement(layout, query, settings, tuning, registryTable,
                knownLarge(query, limit(query), ownerSizes), "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) ");
        return session.query(statement.sql(), statement.settings(), rs -> {
            StringBuilder plan = new StringBuilder();
            while (rs.next()) {
                plan.append(rs.getString(1)).append('\n');
            }
            return plan.toString();
        });
    }

    /** A search statement and the settings it runs with. */
    private record Statement(PgSql sql, List<PgSetting> settings) {
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
        return query.mode() == SearchMode.HYBRID ? ReciprocalRankFusion.candidateDepth(query.topK()) : query.topK();
    }

    private static Statement statement(SpaceLayout layout, IndexQuery query, IndexSettings settings, SearchTuning tuning,
            String registryTable, boolean knownLarge, String prefix) {
        SearchMode mode = query.mode();
        List<Embedding> vectors = query.vectors();
        String terms = mode == SearchMode.VECTOR ? "" : KeywordTerms.anyOf(query.text());
        int limit = limit(query);
        int annDepth = annDepth(query, layout, settings, limit);
        SearchSql.Plan plan = new SearchSql.Plan(limit, annDepth,
                settings.exactSearchThreshold() > 0 ? settings.exactSearchThreshold() : null,
                Math.max(settings.multiVectorCandidates(), limit), registryTable, knownLarge);
        PgSql search;
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
        return new Statement(new PgSql().sql(prefix).append(search), settings(layout, settings, tuning, annDepth, generic));
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

    /** The transaction-local settings a search runs with (after the scope, which the session adds). */
    private static List<PgSetting> settings(SpaceLayout layout, IndexSettings settings, SearchTuning tuning, int annDepth,
            boolean generic) {
        String scan = settings.iterativeScan().name().toLowerCase(Locale.ROOT);
        // jit: compiling a plan costs more than the whole search; enable_sort: the ANN branch must read
        // the index in distance order, never "scan the owner's rows and sort" (the exact branch does
        // that on purpose, and every other alternative sorts too, so only the ANN choice changes)
        List<PgSetting> list = new ArrayList<>(8);
        list.add(new PgSetting("jit", "off"));
        list.add(new PgSetting("enable_sort", "off"));
        if (generic) {
            // a generic plan cannot see the owner: it estimates rows/n_distinct(owner) for the owner's
            // rows and, with few owners, prefers a sequential scan to the owner's b-tree; every table
            // access of the statement has an index path (owner b-tree, primary key, ANN index)
            list.add(new PgSetting("plan_cache_mode", "force_generic_plan"));
            list.add(new PgSetting("enable_seqscan", "off"));
        }
        if (layout.indexMethod() == IndexMethod.HNSW) {
            int efSearch = Math.min(SearchTuning.MAX_EF_SEARCH, Math.max(tuning.efSearch(), annDepth));
            list.add(PgSetting.of("hnsw.ef_search", efSearch));
            list.add(new PgSetting("hnsw.iterative_scan", scan));
            if (settings.iterativeScan() != IterativeScan.OFF) {
                list.add(PgSetting.of("hnsw.max_scan_tuples", settings.maxScanTuples()));
            }
        } else {
            // ivfflat has no relaxed/strict distinction beyond relaxed_order
            list.add(PgSetting.of("ivfflat.probes", tuning.probes()));
            list.add(new PgSetting("ivfflat.iterative_scan", settings.iterativeScan() == IterativeScan.OFF ? "off" : "relaxed_order"));
        }
        return list;
    }
}
