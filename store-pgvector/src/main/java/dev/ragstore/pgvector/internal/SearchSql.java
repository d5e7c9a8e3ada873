package dev.ragstore.pgvector.internal;

import dev.ragstore.postgres.spi.PgSql;
import dev.ragstore.postgres.spi.SqlFilter;
import dev.ragstore.core.chunk.DistanceMetric;
import dev.ragstore.core.chunk.Embedding;
import dev.ragstore.core.search.IndexQuery;
import dev.ragstore.core.search.ReciprocalRankFusion;

import java.util.List;
import java.util.UUID;

/**
 * Builds the one SQL statement of each search shape. Every statement is a chain of CTEs:
 *
 * <ol>
 *   <li>{@code gate}: counts the owner's rows in the searched knowledge bases, stopping at a
 *       threshold ({@code 2·sqrt(limit · rows of the space)}, at least {@code 4·limit}, unless fixed),
 *       on the {@code (owner_id, knowledge_base_id)} b-tree; below it the owner is "small" (an owner
 *       {@link OwnerSizes} remembers as large is not counted unless the space has multi-vector
 *       chunks, and every statement with a gate returns its verdict in column {@code owner_small});</li>
 *   <li>{@code ann}: for a large owner, the ANN index scan ordered by the distance operator, with
 *       the owner, knowledge-base and metadata conditions applied inside the (iterative) scan,
 *       up to {@value #ANN_OVERFETCH}·limit rows deep;</li>
 *   <li>{@code exact}: for a small owner, or when {@code ann} found fewer than the limit, an exact
 *       scan of the owner's rows ordered by the distance <em>function</em> (which no index can
 *       order by), so it always returns the true top rows;</li>
 *   <li>{@code multi}: chunks with several vectors, found by ANN over the token table and scored
 *       exactly (the best token), only when the space has any;</li>
 *   <li>the final {@code ORDER BY distance, chunk_id} re-orders the relaxed iterative scan exactly.</li>
 * </ol>
 *
 * Keyword search ranks {@code ts_rank} over the space's {@code text_search} column; hybrid search
 * runs both rankings and fuses them by reciprocal rank fusion ({@code k = 60}) in the same
 * statement; multi-vector queries score candidates by exact MaxSim. Stateless.
 */
public final class SearchSql {

    /** Column positions of every statement's result. */
    public static final int CHUNK_ID = 1;
    public static final int VALUE = 2;
    public static final int VECTOR_RANK = 3;
    public static final int KEYWORD_RANK = 4;
    /** The label of the column (in every statement with a gate) saying whether the owner was small. */
    public static final String OWNER_SMALL = "owner_small";

    private static final int MIN_THRESHOLD_FACTOR = 4;
    /**
     * Without a metadata filter, the ANN branch of a relaxed (or IVFFlat) scan fetches this many
     * times the rows asked for and keeps the exactly nearest: a relaxed iterative scan returns rows
     * only roughly by distance, and for an owner of a tenth of the rows the second pass finds rows
     * nearer than some of the first's (recall@10 0.939 → 0.963 at 100k × 384, ef_search 120), while
     * an owner of every row pays ten more heap fetches. A large owner (the gate's threshold is at
     * least 4·limit) always has that many rows; a metadata filter may match fewer, and then the
     * scan would run to {@code max_scan_tuples} for rows that do not exist, so filtered searches
     * fetch the limit only.
     */
    public static final int ANN_OVERFETCH = 2;

    private SearchSql() {
    }

    /**
     * Parameters of one search that are not in the query itself.
     *
     * @param annDepth   rows the ANN branch fetches (at least {@code limit})
     * @param knownLarge whether the owner is remembered as large: the gate then counts only in a space
     *                   with multi-vector chunks
     */
    public record Plan(int limit, int annDepth, Integer fixedThreshold, int multiVectorCandidates, String registryTable,
            boolean knownLarge) {
    }

    /** The statement ranking by one query vector; columns chunk_id, distance, owner_small, best first. */
    public static PgSql vector(SpaceLayout layout, IndexQuery query, Embedding vector, Plan plan) {
        return new PgSql().sql("WITH ").append(vectorCtes(layout, query, vector, plan))
                .sql(" SELECT chunk_id, distance, (SELECT small FROM gate) AS " + OWNER_SMALL
                        + " FROM vec ORDER BY distance, chunk_id");
    }

    /** The statement ranking by keyword; columns chunk_id, rank. */
    public static PgSql keyword(SpaceLayout layout, IndexQuery query, String terms, Plan plan) {
        return new PgSql().sql("WITH ").append(keywordCtes(layout, query, terms, plan))
                .sql(" SELECT chunk_id, rank FROM kw ORDER BY rank DESC, chunk_id");
    }

    /** The statement ranking by MaxSim of several query vectors; columns chunk_id, negated score, owner_small, best first. */
    public static PgSql maxSim(SpaceLayout layout, IndexQuery query, List<Embedding> vectors, Plan plan) {
        return new PgSql().sql("WITH ").append(maxSimCtes(layout, query, vectors, plan))
                .sql(" SELECT chunk_id, distance, (SELECT small FROM gate) AS " + OWNER_SMALL
                        + " FROM vec ORDER BY distance, chunk_id");
    }

    /**
     * The hybrid statement: the vector ranking ({@code vectors} of one or several query vectors)
     * and the keyword ranking, each {@code plan.limit()} deep, fused by reciprocal rank fusion;
     * columns chunk_id, score, vector rank, keyword rank, owner_small, best first, at most {@code topK} rows.
     */
    public static PgSql hybrid(SpaceLayout layout, IndexQuery query, List<Embedding> vectors, String terms, Plan plan) {
        PgSql vectorPart = vectors.size() == 1 ? vectorCtes(layout, query, vectors.get(0), plan)
                : maxSimCtes(layout, query, vectors, plan);
        int k = ReciprocalRankFusion.DEFAULT_K;
        return new PgSql().sql("WITH ").append(vectorPart).sql(", ").append(keywordCtes(layout, query, terms, plan))
                .sql(", vr AS (SELECT chunk_id, row_number() OVER (ORDER BY distance, chunk_id) AS r FROM vec)"
                        + ", kr AS (SELECT chunk_id, row_number() OVER (ORDER BY rank DESC, chunk_id) AS r FROM kw)"
                        + " SELECT coalesce(vr.chunk_id, kr.chunk_id) AS chunk_id,"
                        + " coalesce(1.0::float8 / (" + k + " + vr.r), 0) + coalesce(1.0::float8 / (" + k + " + kr.r), 0) AS score,"
                        + " vr.r AS vector_rank, kr.r AS keyword_rank, (SELECT small FROM gate) AS " + OWNER_SMALL
                        + " FROM vr FULL JOIN kr ON kr.chunk_id = vr.chunk_id"
                        + " ORDER BY score DESC, coalesce(vr.r, 2147483647), coalesce(vr.chunk_id, kr.chunk_id) LIMIT ")
                .int4(query.topK());
    }

    private static PgSql vectorCtes(SpaceLayout layout, IndexQuery query, Embedding vector, Plan plan) {
        String table = layout.table();
        String tokens = layout.tokensTable();
        String q = "(SELECT qv FROM q)";
        PgSql filter = SqlFilter.translate(query.filter(), SqlFilter.Columns.ofTable("v"));
        PgSql sql = new PgSql()
                .sql("q AS MATERIALIZED (SELECT CAST(").float4s(vector.toArray()).sql(" AS " + layout.baseType() + ") AS qv), ")
                .append(gateCtes(layout, query, plan))
                .sql(", ann AS MATERIALIZED (SELECT v.chunk_id, v.embedding " + layout.operator() + " " + q + " AS distance FROM "
                        + table + " v WHERE NOT (SELECT small FROM gate) AND ")
                .append(scope(query, "v")).sql(" AND ").append(filter)
                .sql(" ORDER BY v.embedding " + layout.operator() + " " + q + " LIMIT ").int4(plan.annDepth())
                .sql("), exact AS MATERIALIZED (SELECT v.chunk_id, " + distance(layout, "v.embedding", q) + " AS distance FROM "
                        + table + " v WHERE (SELECT count(*) FROM ann) < ").int4(plan.limit())
                .sql(" AND v.embedding IS NOT NULL AND ").append(scope(query, "v")).sql(" AND ").append(filter)
                .sql(" ORDER BY 2, 1 LIMIT ").int4(plan.limit())
                .sql("), multi_candidates AS MATERIALIZED (SELECT v.chunk_id FROM " + table + " v WHERE (SELECT multi FROM reg)"
                        + " AND (SELECT small FROM gate) AND v.embedding IS NULL AND ").append(scope(query, "v"))
                .sql(" UNION SELECT a.chunk_id FROM (SELECT t.chunk_id FROM " + tokens + " t WHERE (SELECT multi FROM reg)"
                        + " AND NOT (SELECT small FROM gate) AND ").append(scope(query, "t"))
                .sql(" ORDER BY t.embedding " + layout.operator() + " " + q + " LIMIT ").int4(plan.multiVectorCandidates())
                .sql(") a), multi AS MATERIALIZED (SELECT v.chunk_id, (SELECT min(" + distance(layout, "t.embedding", q)
                        + ") FROM " + tokens + " t WHERE t.chunk_id = v.chunk_id) AS distance FROM multi_candidates c JOIN "
                        + table + " v ON v.chunk_id = c.chunk_id WHERE (SELECT multi FROM reg) AND v.embedding IS NULL AND ")
                .append(scope(query, "v")).sql(" AND ").append(filter)
                .sql("), vec AS MATERIALIZED (SELECT chunk_id, distance FROM ("
                        + "SELECT chunk_id, distance FROM ann WHERE (SELECT count(*) FROM ann) >= ").int4(plan.limit())
                .sql(" UNION ALL SELECT chunk_id, distance FROM exact UNION ALL SELECT chunk_id, distance FROM multi) u"
                        + " ORDER BY distance, chunk_id LIMIT ").int4(plan.limit())
                .sql(")");
        return sql;
    }

    private static PgSql maxSimCtes(SpaceLayout layout, IndexQuery query, List<Embedding> vectors, Plan plan) {
        String table = layout.table();
        String tokens = layout.tokensTable();
        PgSql filter = SqlFilter.translate(query.filter(), SqlFilter.Columns.ofTable("v"));
        // a "distance" that orders like the negated MaxSim score, so every ranking sorts ascending
        String similarity = layout.scoreOf(distance(layout, "v.embedding", "qs.qv"));
        String tokenSimilarity = layout.scoreOf(distance(layout, "t.embedding", "qs.qv"));
        return new PgSql()
                .sql("qs AS MATERIALIZED (SELECT x.qv, x.ord FROM unnest(CAST(").untyped(VectorCodec.arrayLiteral(vectors))
                .sql(" AS " + layout.baseType() + "[])) WITH ORDINALITY AS x(qv, ord)), ")
                .append(gateCtes(layout, query, plan))
                .sql(", candidates AS MATERIALIZED (SELECT v.chunk_id FROM " + table + " v WHERE (SELECT small FROM gate) AND ")
                .append(scope(query, "v"))
                .sql(" UNION SELECT a.chunk_id FROM qs CROSS JOIN LATERAL (SELECT v.chunk_id FROM " + table
                        + " v WHERE NOT (SELECT small FROM gate) AND ").append(scope(query, "v")).sql(" AND ").append(filter)
                .sql(" ORDER BY v.embedding " + layout.operator() + " qs.qv LIMIT ").int4(plan.multiVectorCandidates())
                .sql(") a UNION SELECT b.chunk_id FROM qs CROSS JOIN LATERAL (SELECT t.chunk_id FROM " + tokens
                        + " t WHERE (SELECT multi FROM reg) AND NOT (SELECT small FROM gate) AND ").append(scope(query, "t"))
                .sql(" ORDER BY t.embedding " + layout.operator() + " qs.qv LIMIT ").int4(plan.multiVectorCandidates())
                .sql(") b), scored AS MATERIALIZED (SELECT v.chunk_id, sum(CASE WHEN v.embedding IS NOT NULL THEN " + similarity
                        + " ELSE (SELECT max(" + tokenSimilarity + ") FROM " + tokens + " t WHERE t.chunk_id = v.chunk_id) END)"
                        + " AS score FROM " + table + " v JOIN candidates c ON c.chunk_id = v.chunk_id CROSS JOIN qs WHERE ")
                .append(scope(query, "v")).sql(" AND ").append(filter)
                .sql(" GROUP BY v.chunk_id), vec AS MATERIALIZED (SELECT chunk_id, -score AS distance FROM scored"
                        + " ORDER BY score DESC, chunk_id LIMIT ").int4(plan.limit())
                .sql(")");
    }

    private static PgSql keywordCtes(SpaceLayout layout, IndexQuery query, String terms, Plan plan) {
        // the tsquery is written inline (not in a CTE) so the planner sees its value and picks the
        // GIN index for rare terms and a scan of the owner's rows for common ones
        String tsquery = "to_tsquery(" + layout.textSearchConfigLiteral() + ", ";
        return new PgSql()
                .sql("kw AS MATERIALIZED (SELECT v.chunk_id, ts_rank(v.text_search, " + tsquery).text(terms)
                .sql(")) AS rank FROM " + layout.table() + " v WHERE v.text_search @@ " + tsquery).text(terms)
                .sql(") AND ").append(scope(query, "v")).sql(" AND ").append(SqlFilter.translate(query.filter(), SqlFilter.Columns.ofTable("v")))
                .sql(" ORDER BY 2 DESC, 1 LIMIT ").int4(plan.limit()).sql(")");
    }

    /** {@code reg} (does the space have multi-vector chunks) and {@code gate} (is the owner small). */
    private static PgSql gateCtes(SpaceLayout layout, IndexQuery query, Plan plan) {
        PgSql sql = new PgSql()
                .sql("reg AS MATERIALIZED (SELECT coalesce((SELECT has_multi_vectors FROM " + plan.registryTable()
                        + " WHERE name = ").text(layout.space().name()).sql("), false) AS multi), ");
        PgSql threshold = new PgSql();
        if (plan.fixedThreshold() != null) {
            threshold.sql("CAST(").int8(plan.fixedThreshold()).sql(" AS bigint)");
        } else {
            threshold.sql("greatest(").int8((long) MIN_THRESHOLD_FACTOR * plan.limit())
                    .sql(", ceil(2 * sqrt(").int8(plan.limit())
                    .sql(" * greatest((SELECT reltuples FROM pg_class WHERE oid = CAST(").text(layout.table())
                    .sql(" AS regclass)), 0))))::bigint");
        }
        PgSql count = new PgSql().sql("(SELECT count(*) < (SELECT n FROM thr) FROM (SELECT 1 FROM " + layout.table()
                + " v WHERE ").append(scope(query, "v")).sql(" LIMIT (SELECT n FROM thr)) s)");
        sql.sql("thr AS MATERIALIZED (SELECT ").append(threshold).sql(" AS n), gate AS MATERIALIZED (SELECT ");
        if (plan.knownLarge()) {
            // multi-vector chunks of a large owner are found by the token ANN scan only: an owner who
            // shrank since must be counted, or the scan could miss them
            sql.sql("CASE WHEN (SELECT multi FROM reg) THEN ").append(count).sql(" ELSE false END");
        } else {
            sql.append(count);
        }
        return sql.sql(" AS small)");
    }

    private static PgSql scope(IndexQuery query, String alias) {
        UUID[] knowledgeBases = query.knowledgeBases().stream().map(k -> k.value()).distinct().toArray(UUID[]::new);
        return new PgSql().sql(alias + ".owner_id = ").uuid(query.ownerId().value())
                .sql(" AND " + alias + ".knowledge_base_id = ANY(").uuids(knowledgeBases).sql(")");
    }

    /**
     * The exact distance of two vectors by the space's distance function; for cosine a zero vector
     * (undefined, NaN in pgvector) counts as similarity 0, as in the in-memory reference.
     */
    static String distance(SpaceLayout layout, String a, String b) {
        String call = layout.distanceFunction() + "(" + a + ", " + b + ")";
        return layout.space().metric() == DistanceMetric.COSINE ? "coalesce(nullif(" + call + ", 'NaN'::float8), 1)" : call;
    }
}
