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
 * The one SQL statement of each search shape, written out as text-block templates below
 * ({@link #VECTOR}, {@link #MULTI_VECTOR}, {@link #KEYWORD}, {@link #HYBRID} and the rankings and
 * gate they share) and filled by {@link SqlTemplate}; store-pgvector's README prints them
 * verbatim. Every statement is a chain of CTEs:
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

    // ---- the templates: {name} is a validated identifier or a fragment, :name a bound parameter ----

    /** Whether the owner is small, with the threshold {@code thr}: the gate shared by every vector ranking. */
    static final String GATE = """
            reg AS MATERIALIZED (
              SELECT coalesce((SELECT has_multi_vectors FROM {registry} WHERE name = :space), false) AS multi),
            thr AS MATERIALIZED (SELECT {threshold} AS n),
            gate AS MATERIALIZED (SELECT {owner_small} AS small)""";

    /** {@code {threshold}} when the index sets none: where an exact and an iterative scan cost about the same. */
    static final String AUTOMATIC_THRESHOLD = """
            greatest(:min_rows, ceil(2 * sqrt(:limit_rows * greatest(
              (SELECT reltuples FROM pg_class WHERE oid = CAST(:table_name AS regclass)), 0))))::bigint""";

    /** {@code {threshold}} with {@code exactSearchThreshold} set. */
    static final String FIXED_THRESHOLD = "CAST(:fixed_threshold AS bigint)";

    /** {@code {owner_small}}: counts the owner's rows on the b-tree, stopping at the threshold. */
    static final String OWNER_COUNT = """
            (SELECT count(*) < (SELECT n FROM thr) FROM (
              SELECT 1 FROM {table} v
              WHERE v.owner_id = :owner AND v.knowledge_base_id = ANY(:knowledge_bases)
              LIMIT (SELECT n FROM thr)) s)""";

    /**
     * {@code {owner_small}} for an owner remembered as large: counted only in a space with
     * multi-vector chunks, which the token ANN scan alone would find for a large owner.
     */
    static final String OWNER_REMEMBERED_LARGE = "CASE WHEN (SELECT multi FROM reg) THEN {owner_count} ELSE false END";

    /** The ranking by one query vector, as CTEs ending in {@code vec(chunk_id, distance)}. */
    static final String VECTOR_RANKING = """
            q AS MATERIALIZED (SELECT CAST(:query AS {vector_type}) AS qv),
            {gate},
            ann AS MATERIALIZED (
              SELECT v.chunk_id, v.embedding {op} (SELECT qv FROM q) AS distance
              FROM {table} v
              WHERE NOT (SELECT small FROM gate)
                AND v.owner_id = :owner AND v.knowledge_base_id = ANY(:knowledge_bases) AND {filter}
              ORDER BY v.embedding {op} (SELECT qv FROM q) LIMIT :ann_depth),
            exact AS MATERIALIZED (
              SELECT v.chunk_id, {exact_distance} AS distance
              FROM {table} v
              WHERE (SELECT count(*) FROM ann) < :limit AND v.embedding IS NOT NULL
                AND v.owner_id = :owner AND v.knowledge_base_id = ANY(:knowledge_bases) AND {filter}
              ORDER BY 2, 1 LIMIT :limit),
            multi_candidates AS MATERIALIZED (
              SELECT v.chunk_id FROM {table} v
              WHERE (SELECT multi FROM reg) AND (SELECT small FROM gate) AND v.embedding IS NULL
                AND v.owner_id = :owner AND v.knowledge_base_id = ANY(:knowledge_bases)
              UNION
              SELECT a.chunk_id FROM (
                SELECT t.chunk_id FROM {tokens} t
                WHERE (SELECT multi FROM reg) AND NOT (SELECT small FROM gate)
                  AND t.owner_id = :owner AND t.knowledge_base_id = ANY(:knowledge_bases)
                ORDER BY t.embedding {op} (SELECT qv FROM q) LIMIT :candidates) a),
            multi AS MATERIALIZED (
              SELECT v.chunk_id,
                (SELECT min({token_distance}) FROM {tokens} t WHERE t.chunk_id = v.chunk_id) AS distance
              FROM multi_candidates c JOIN {table} v ON v.chunk_id = c.chunk_id
              WHERE (SELECT multi FROM reg) AND v.embedding IS NULL
                AND v.owner_id = :owner AND v.knowledge_base_id = ANY(:knowledge_bases) AND {filter}),
            vec AS MATERIALIZED (
              SELECT chunk_id, distance FROM (
                SELECT chunk_id, distance FROM ann WHERE (SELECT count(*) FROM ann) >= :limit
                UNION ALL SELECT chunk_id, distance FROM exact
                UNION ALL SELECT chunk_id, distance FROM multi) u
              ORDER BY distance, chunk_id LIMIT :limit)""";

    /**
     * The ranking by MaxSim of several query vectors, as CTEs ending in {@code vec(chunk_id,
     * distance)} where the distance is the negated score, so every ranking sorts ascending.
     */
    static final String MAXSIM_RANKING = """
            qs AS MATERIALIZED (
              SELECT x.qv, x.ord FROM unnest(CAST(:query_vectors AS {vector_type}[])) WITH ORDINALITY AS x(qv, ord)),
            {gate},
            candidates AS MATERIALIZED (
              SELECT v.chunk_id FROM {table} v
              WHERE (SELECT small FROM gate)
                AND v.owner_id = :owner AND v.knowledge_base_id = ANY(:knowledge_bases)
              UNION
              SELECT a.chunk_id FROM qs CROSS JOIN LATERAL (
                SELECT v.chunk_id FROM {table} v
                WHERE NOT (SELECT small FROM gate)
                  AND v.owner_id = :owner AND v.knowledge_base_id = ANY(:knowledge_bases) AND {filter}
                ORDER BY v.embedding {op} qs.qv LIMIT :candidates) a
              UNION
              SELECT b.chunk_id FROM qs CROSS JOIN LATERAL (
                SELECT t.chunk_id FROM {tokens} t
                WHERE (SELECT multi FROM reg) AND NOT (SELECT small FROM gate)
                  AND t.owner_id = :owner AND t.knowledge_base_id = ANY(:knowledge_bases)
                ORDER BY t.embedding {op} qs.qv LIMIT :candidates) b),
            scored AS MATERIALIZED (
              SELECT v.chunk_id, sum(CASE WHEN v.embedding IS NOT NULL THEN {similarity}
                ELSE (SELECT max({token_similarity}) FROM {tokens} t WHERE t.chunk_id = v.chunk_id) END) AS score
              FROM {table} v JOIN candidates c ON c.chunk_id = v.chunk_id CROSS JOIN qs
              WHERE v.owner_id = :owner AND v.knowledge_base_id = ANY(:knowledge_bases) AND {filter}
              GROUP BY v.chunk_id),
            vec AS MATERIALIZED (
              SELECT chunk_id, -score AS distance FROM scored ORDER BY score DESC, chunk_id LIMIT :limit)""";

    /**
     * The keyword ranking, as the CTE {@code kw(chunk_id, rank)}. The tsquery is written inline (not
     * in a CTE) so the planner sees its value and picks the GIN index for rare terms and a scan of
     * the owner's rows for common ones.
     */
    static final String KEYWORD_RANKING = """
            kw AS MATERIALIZED (
              SELECT v.chunk_id, ts_rank(v.text_search, to_tsquery({text_search_config}, :terms)) AS rank
              FROM {table} v
              WHERE v.text_search @@ to_tsquery({text_search_config}, :terms)
                AND v.owner_id = :owner AND v.knowledge_base_id = ANY(:knowledge_bases) AND {filter}
              ORDER BY 2 DESC, 1 LIMIT :limit)""";

    /** VECTOR search by one query vector: columns chunk_id, distance, owner_small, best first. */
    static final String VECTOR = """
            WITH {vector_ranking}
            SELECT chunk_id, distance, (SELECT small FROM gate) AS owner_small FROM vec ORDER BY distance, chunk_id""";

    /** VECTOR search by several query vectors (MaxSim): columns chunk_id, negated score, owner_small, best first. */
    static final String MULTI_VECTOR = """
            WITH {maxsim_ranking}
            SELECT chunk_id, distance, (SELECT small FROM gate) AS owner_small FROM vec ORDER BY distance, chunk_id""";

    /** KEYWORD search: columns chunk_id, rank, best first. */
    static final String KEYWORD = """
            WITH {keyword_ranking}
            SELECT chunk_id, rank FROM kw ORDER BY rank DESC, chunk_id""";

    /**
     * HYBRID search: both rankings, each {@code :limit} deep, fused by reciprocal rank fusion;
     * columns chunk_id, score, vector rank, keyword rank, owner_small, best first, {@code :top_k} rows.
     */
    static final String HYBRID = """
            WITH {vector_ranking},
            {keyword_ranking},
            vr AS (SELECT chunk_id, row_number() OVER (ORDER BY distance, chunk_id) AS r FROM vec),
            kr AS (SELECT chunk_id, row_number() OVER (ORDER BY rank DESC, chunk_id) AS r FROM kw)
            SELECT coalesce(vr.chunk_id, kr.chunk_id) AS chunk_id,
              coalesce(1.0::float8 / ({rrf_k} + vr.r), 0) + coalesce(1.0::float8 / ({rrf_k} + kr.r), 0) AS score,
              vr.r AS vector_rank, kr.r AS keyword_rank, (SELECT small FROM gate) AS owner_small
            FROM vr FULL JOIN kr ON kr.chunk_id = vr.chunk_id
            ORDER BY score DESC, coalesce(vr.r, 2147483647), coalesce(vr.chunk_id, kr.chunk_id)
            LIMIT :top_k""";

    /**
     * The stored vectors of the hits, read after the search when the query asks for them
     * ({@code includeVectors}): the chunk's own vector, or every token vector of a
     * multi-vector chunk; columns chunk_id, ordinal (0 for the chunk's own vector), the vector as
     * text, ordered by chunk and ordinal.
     */
    static final String STORED_VECTORS = """
            SELECT v.chunk_id, 0 AS ordinal, CAST(v.embedding AS text) AS vector
            FROM {table} v
            WHERE v.owner_id = :owner AND v.chunk_id = ANY(:chunk_ids) AND v.embedding IS NOT NULL
            UNION ALL
            SELECT t.chunk_id, t.ordinal, CAST(t.embedding AS text) AS vector
            FROM {tokens} t
            WHERE t.owner_id = :owner AND t.chunk_id = ANY(:chunk_ids)
            ORDER BY 1, 2""";

    // ---- filling them ----

    /** The statement reading the stored vectors of {@code chunkIds} of {@code owner}; see {@link #STORED_VECTORS}. */
    public static PgSql storedVectors(SpaceLayout layout, UUID owner, UUID[] chunkIds) {
        return SqlTemplate.of(STORED_VECTORS).text("table", layout.table()).text("tokens", layout.tokensTable())
                .parameter("owner", sql -> sql.uuid(owner))
                .parameter("chunk_ids", sql -> sql.uuids(chunkIds))
                .render();
    }

    /** The statement ranking by one query vector; columns chunk_id, distance, owner_small, best first. */
    public static PgSql vector(SpaceLayout layout, IndexQuery query, Embedding vector, Plan plan) {
        return SqlTemplate.of(VECTOR).fragment("vector_ranking", vectorRanking(layout, query, vector, plan)).render();
    }

    /** The statement ranking by keyword; columns chunk_id, rank. */
    public static PgSql keyword(SpaceLayout layout, IndexQuery query, String terms, Plan plan) {
        return SqlTemplate.of(KEYWORD).fragment("keyword_ranking", keywordRanking(layout, query, terms, plan)).render();
    }

    /** The statement ranking by MaxSim of several query vectors; columns chunk_id, negated score, owner_small, best first. */
    public static PgSql maxSim(SpaceLayout layout, IndexQuery query, List<Embedding> vectors, Plan plan) {
        return SqlTemplate.of(MULTI_VECTOR).fragment("maxsim_ranking", maxSimRanking(layout, query, vectors, plan)).render();
    }

    /**
     * The hybrid statement: the vector ranking ({@code vectors} of one or several query vectors)
     * and the keyword ranking, each {@code plan.limit()} deep, fused by reciprocal rank fusion;
     * columns chunk_id, score, vector rank, keyword rank, owner_small, best first, at most {@code topK} rows.
     */
    public static PgSql hybrid(SpaceLayout layout, IndexQuery query, List<Embedding> vectors, String terms, Plan plan) {
        PgSql vectorPart = vectors.size() == 1 ? vectorRanking(layout, query, vectors.get(0), plan)
                : maxSimRanking(layout, query, vectors, plan);
        return SqlTemplate.of(HYBRID).fragment("vector_ranking", vectorPart)
                .fragment("keyword_ranking", keywordRanking(layout, query, terms, plan))
                .text("rrf_k", Integer.toString(ReciprocalRankFusion.DEFAULT_K))
                .parameter("top_k", sql -> sql.int4(query.topK()))
                .render();
    }

    private static PgSql vectorRanking(SpaceLayout layout, IndexQuery query, Embedding vector, Plan plan) {
        String q = "(SELECT qv FROM q)";
        return common(SqlTemplate.of(VECTOR_RANKING), layout, query, plan)
                .fragment("gate", gate(layout, query, plan))
                .text("exact_distance", distance(layout, "v.embedding", q))
                .text("token_distance", distance(layout, "t.embedding", q))
                .parameter("query", sql -> sql.float4s(vector.toArray()))
                .parameter("ann_depth", sql -> sql.int4(plan.annDepth()))
                .render();
    }

    private static PgSql maxSimRanking(SpaceLayout layout, IndexQuery query, List<Embedding> vectors, Plan plan) {
        return common(SqlTemplate.of(MAXSIM_RANKING), layout, query, plan)
                .fragment("gate", gate(layout, query, plan))
                .text("similarity", layout.scoreOf(distance(layout, "v.embedding", "qs.qv")))
                .text("token_similarity", layout.scoreOf(distance(layout, "t.embedding", "qs.qv")))
                .parameter("query_vectors", sql -> sql.untyped(VectorCodec.arrayLiteral(vectors)))
                .render();
    }

    private static PgSql keywordRanking(SpaceLayout layout, IndexQuery query, String terms, Plan plan) {
        return common(SqlTemplate.of(KEYWORD_RANKING), layout, query, plan)
                .text("text_search_config", layout.textSearchConfigLiteral())
                .parameter("terms", sql -> sql.text(terms))
                .render();
    }

    /** {@code reg} (does the space have multi-vector chunks), {@code thr} and {@code gate} (is the owner small). */
    private static PgSql gate(SpaceLayout layout, IndexQuery query, Plan plan) {
        PgSql count = common(SqlTemplate.of(OWNER_COUNT), layout, query, plan).render();
        PgSql ownerSmall = plan.knownLarge()
                ? SqlTemplate.of(OWNER_REMEMBERED_LARGE).fragment("owner_count", count).render()
                : count;
        PgSql threshold = plan.fixedThreshold() != null
                ? SqlTemplate.of(FIXED_THRESHOLD).parameter("fixed_threshold", sql -> sql.int8(plan.fixedThreshold())).render()
                : SqlTemplate.of(AUTOMATIC_THRESHOLD)
                        .parameter("min_rows", sql -> sql.int8((long) MIN_THRESHOLD_FACTOR * plan.limit()))
                        .parameter("limit_rows", sql -> sql.int8(plan.limit()))
                        .parameter("table_name", sql -> sql.text(layout.table()))
                        .render();
        return SqlTemplate.of(GATE).text("registry", plan.registryTable())
                .parameter("space", sql -> sql.text(layout.space().name()))
                .fragment("threshold", threshold).fragment("owner_small", ownerSmall)
                .render();
    }

    /** The slots every template of one query shares: tables, operator, type, owner, knowledge bases, filter, limits. */
    private static SqlTemplate common(SqlTemplate template, SpaceLayout layout, IndexQuery query, Plan plan) {
        UUID owner = query.ownerId().value();
        UUID[] knowledgeBases = query.knowledgeBases().stream().map(k -> k.value()).distinct().toArray(UUID[]::new);
        return template.text("table", layout.table()).text("tokens", layout.tokensTable())
                .text("op", layout.operator()).text("vector_type", layout.baseType())
                .fragment("filter", SqlFilter.translate(query.filter(), SqlFilter.Columns.ofTable("v")))
                .parameter("owner", sql -> sql.uuid(owner))
                .parameter("knowledge_bases", sql -> sql.uuids(knowledgeBases))
                .parameter("limit", sql -> sql.int4(plan.limit()))
                .parameter("candidates", sql -> sql.int4(plan.multiVectorCandidates()));
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
