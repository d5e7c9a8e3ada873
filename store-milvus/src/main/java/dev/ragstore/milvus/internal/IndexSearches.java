package dev.ragstore.milvus.internal;

import dev.ragstore.core.chunk.ChunkId;
import dev.ragstore.core.chunk.DistanceMetric;
import dev.ragstore.core.chunk.Embedding;
import dev.ragstore.core.chunk.VectorType;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.search.IndexHit;
import dev.ragstore.core.search.IndexQuery;
import dev.ragstore.core.search.ReciprocalRankFusion;
import dev.ragstore.core.search.SearchMode;
import io.milvus.common.utils.Float16Utils;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.data.BaseVector;
import io.milvus.v2.service.vector.request.data.EmbeddedText;
import io.milvus.v2.service.vector.request.data.Float16Vec;
import io.milvus.v2.service.vector.request.data.FloatVec;
import io.milvus.v2.service.vector.response.SearchResp;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the searches of one space with contract scores (higher is better):
 * <ul>
 *   <li>VECTOR: the dense field's ANN search. Milvus returns the cosine similarity (COSINE), the
 *       dot product (IP) and the <em>squared</em> Euclidean distance (L2), which becomes
 *       {@code -sqrt(d)}.</li>
 *   <li>KEYWORD: BM25 full-text search on the sparse field; Milvus Lite returns BM25 negated, so
 *       the score is its absolute value (positive on every server).</li>
 *   <li>HYBRID: both rankings, the best {@code max(4·topK, 50)} of each, fused here by
 *       {@link ReciprocalRankFusion} (k = 60). Milvus's {@code hybridSearch} with its RRF ranker
 *       returns only fused scores (as floats), not the per-mode ranks the contract reports, so the
 *       two searches are run separately and fused exactly.</li>
 * </ul>
 * With {@code includeVectors} the dense field is an output field of each search, so hits carry
 * their stored vector (Milvus chunks have one); without it only the chunk id is returned.
 * Ties are broken by chunk id; {@code minScore} (inclusive) applies to the final score. Thread-safe.
 */
public final class IndexSearches {

    private final MilvusConnection connection;
    private final SpaceRegistry spaces;

    public IndexSearches(MilvusConnection connection, SpaceRegistry spaces) {
        this.connection = connection;
        this.spaces = spaces;
    }

    /** A chunk, its score in one ranking and its stored vector when the query asked for it (else empty). */
    private record Scored(ChunkId chunkId, double score, List<Embedding> vectors) {
    }

    /** The hits of {@code query} in {@code space} (its vectors already checked against the space). */
    public List<IndexHit> search(SpaceRegistry.Space space, IndexQuery query) {
        List<String> knowledgeBases = new ArrayList<>();
        for (KnowledgeBaseId id : query.knowledgeBases()) {
            knowledgeBases.add(id.value().toString());
        }
        Expr scope = Expr.and(MilvusFilter.textEquals(MilvusFilter.OWNER, query.ownerId().value().toString()),
                MilvusFilter.textIn(MilvusFilter.KNOWLEDGE_BASE, knowledgeBases), MilvusFilter.translate(query.filter()));
        if (scope.isFalse()) {
            return List.of();
        }
        List<IndexHit> hits = new ArrayList<>();
        boolean withVectors = query.includeVectors();
        if (query.mode() == SearchMode.VECTOR) {
            List<Scored> ranked = byVector(space, query.vectors().get(0), scope, query.topK(), query.annCandidates(),
                    withVectors);
            for (int i = 0; i < ranked.size(); i++) {
                Scored scored = ranked.get(i);
                hits.add(new IndexHit(scored.chunkId(), scored.score(), i + 1, null, scored.vectors()));
            }
        } else if (query.mode() == SearchMode.KEYWORD) {
            List<Scored> ranked = byKeyword(space, query.text(), scope, query.topK(), withVectors);
            for (int i = 0; i < ranked.size(); i++) {
                Scored scored = ranked.get(i);
                hits.add(new IndexHit(scored.chunkId(), scored.score(), null, i + 1, scored.vectors()));
            }
        } else if (query.mode() == SearchMode.HYBRID) {
            int depth = ReciprocalRankFusion.candidateDepth(query.topK());
            List<Scored> byVector = byVector(space, query.vectors().get(0), scope, depth, query.annCandidates(), withVectors);
            List<Scored> byKeyword = byKeyword(space, query.text(), scope, depth, withVectors);
            Map<ChunkId, List<Embedding>> stored = new HashMap<>();
            byKeyword.forEach(scored -> stored.put(scored.chunkId(), scored.vectors()));
            byVector.forEach(scored -> stored.put(scored.chunkId(), scored.vectors()));
            for (IndexHit fused : ReciprocalRankFusion.fuse(ids(byVector), ids(byKeyword), ReciprocalRankFusion.DEFAULT_K,
                    query.topK())) {
                hits.add(fused.withVectors(stored.get(fused.chunkId())));
            }
        } else {
            throw new IllegalStateException("unhandled search mode " + query.mode());
        }
        if (query.minScore() != null) {
            hits.removeIf(hit -> hit.score() < query.minScore());
        }
        return List.copyOf(hits);
    }

    /** {@code candidates}: the query's HNSW {@code ef}, or {@code null} for the index's setting; never below {@code limit}. */
    private List<Scored> byVector(SpaceRegistry.Space space, Embedding vector, Expr scope, int limit, Integer candidates,
            boolean withVectors) {
        List<Float> values = RowEncoder.floats(vector);
        BaseVector data = space.definition().vectorType() == VectorType.FLOAT16 ? new Float16Vec(values) : new FloatVec(values);
        MilvusSettings settings = connection.settings();
        Map<String, Object> params = settings.autoIndex() ? Map.of() : Map.of("ef",
                Math.max(candidates == null ? settings.searchEf() : candidates, limit));
        SearchReq request = SearchReq.builder()
                .collectionName(space.collection())
                .annsField(CollectionLayout.DENSE)
                .data(List.of(data))
                .limit(limit)
                .filter(scope.isTrue() ? "" : scope.text())
                .searchParams(params)
                .outputFields(outputFields(withVectors))
                .consistencyLevel(connection.consistency())
                .build();
        DistanceMetric metric = space.definition().metric();
        return ranked(run(space, "search '" + space.collection() + "'", request), raw -> vectorScore(metric, raw), withVectors);
    }

    private List<Scored> byKeyword(SpaceRegistry.Space space, String text, Expr scope, int limit, boolean withVectors) {
        SearchReq request = SearchReq.builder()
                .collectionName(space.collection())
                .annsField(CollectionLayout.SPARSE)
                .data(List.of(new EmbeddedText(text)))
                .limit(limit)
                .filter(scope.isTrue() ? "" : scope.text())
                .outputFields(outputFields(withVectors))
                .consistencyLevel(connection.consistency())
                .build();
        return ranked(run(space, "full-text search '" + space.collection() + "'", request), Math::abs, withVectors);
    }

    /** The chunk id, and the dense vector only when the query asks for stored vectors. */
    private static List<String> outputFields(boolean withVectors) {
        return withVectors ? List.of(MilvusFilter.CHUNK_ID, CollectionLayout.DENSE) : List.of(MilvusFilter.CHUNK_ID);
    }

    private SearchResp run(SpaceRegistry.Space space, String operation, SearchReq request) {
        return spaces.whileLoaded(space, () -> connection.errors().call(operation, () -> connection.client().search(request)));
    }

    /** The contract score of a raw vector score. */
    public static double vectorScore(DistanceMetric metric, double raw) {
        switch (metric) {
            case COSINE:
            case INNER_PRODUCT:
                return raw;
            case L2:
                // Milvus returns the squared distance
                return -Math.sqrt(Math.max(0.0, raw));
            default:
                throw new IllegalStateException("unhandled metric " + metric);
        }
    }

    private static List<Scored> ranked(SearchResp response, java.util.function.DoubleUnaryOperator convert,
            boolean withVectors) {
        List<Scored> scored = new ArrayList<>();
        List<List<SearchResp.SearchResult>> results = response.getSearchResults();
        if (results == null || results.isEmpty()) {
            return scored;
        }
        for (SearchResp.SearchResult result : results.get(0)) {
            List<Embedding> vectors = withVectors ? List.of(storedVector(result.getEntity().get(CollectionLayout.DENSE)))
                    : List.of();
            scored.add(new Scored(ChunkId.parse(String.valueOf(result.getId())), convert.applyAsDouble(result.getScore()),
                    vectors));
        }
        scored.sort(Comparator.comparingDouble(Scored::score).reversed()
                .thenComparing(s -> s.chunkId().value().toString()));
        return scored;
    }

    /** The dense field as an output field returns it: a list of floats, or FLOAT16 bytes. */
    private static Embedding storedVector(Object value) {
        if (value instanceof ByteBuffer half) {
            List<Float> floats = Float16Utils.fp16BufferToVector(half);
            float[] values = new float[floats.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = floats.get(i);
            }
            return Embedding.of(values);
        }
        if (value instanceof List<?> list) {
            float[] values = new float[list.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = ((Number) list.get(i)).floatValue();
            }
            return Embedding.of(values);
        }
        throw new IllegalStateException("Milvus returned the dense field as "
                + (value == null ? "nothing" : value.getClass().getName()));
    }

    private static List<ChunkId> ids(List<Scored> ranked) {
        List<ChunkId> ids = new ArrayList<>(ranked.size());
        for (Scored scored : ranked) {
            ids.add(scored.chunkId());
        }
        return ids;
    }
}
