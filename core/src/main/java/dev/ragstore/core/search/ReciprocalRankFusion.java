package dev.ragstore.core.search;

import dev.ragstore.core.chunk.ChunkId;
import dev.ragstore.core.internal.UuidOrder;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reciprocal rank fusion: a chunk's fused score is {@code Σ 1 / (k + rank)} over the rankings
 * it appears in (rank is 1-based, {@code k} is {@value #DEFAULT_K} by default). Ties are broken
 * by the better vector rank, then by chunk id (unsigned, i.e. creation order), so fusion is deterministic.
 */
public final class ReciprocalRankFusion {

    /** The conventional constant from Cormack et al. (2009). */
    public static final int DEFAULT_K = 60;

    private static final int DEPTH_PER_RESULT = 4;
    private static final int MIN_DEPTH = 50;

    private ReciprocalRankFusion() {
    }

    /**
     * How many candidates each ranking of a HYBRID search fetches before fusion:
     * {@code max(4 · topK, 50)}. Every index that fuses (in memory, pgvector, Milvus, and core when
     * it composes HYBRID from an index's VECTOR and KEYWORD searches, there capped at
     * {@link SearchRequest#MAX_TOP_K}) goes this deep, so the same data gives the same fused hits
     * everywhere.
     *
     * @param topK the number of fused hits wanted; must be at least 1
     * @return at least 50, and at least {@code 4 · topK}
     * @throws IllegalArgumentException if {@code topK} is below 1
     */
    public static int candidateDepth(int topK) {
        if (topK < 1) {
            throw new IllegalArgumentException("topK must be >= 1, but was " + topK);
        }
        return Math.max(DEPTH_PER_RESULT * topK, MIN_DEPTH);
    }

    /**
     * Fuses a vector ranking and a keyword ranking (each best first) and returns at most
     * {@code limit} hits, best first, carrying both ranks.
     */
    public static List<IndexHit> fuse(List<ChunkId> vectorRanking, List<ChunkId> keywordRanking, int k, int limit) {
        Map<ChunkId, Integer> vectorRanks = ranks(vectorRanking);
        Map<ChunkId, Integer> keywordRanks = ranks(keywordRanking);
        Map<ChunkId, Double> scores = new HashMap<>();
        vectorRanks.forEach((id, rank) -> scores.merge(id, 1.0 / (k + rank), Double::sum));
        keywordRanks.forEach((id, rank) -> scores.merge(id, 1.0 / (k + rank), Double::sum));
        List<IndexHit> hits = new ArrayList<>(scores.size());
        scores.forEach((id, score) -> hits.add(new IndexHit(id, score, vectorRanks.get(id), keywordRanks.get(id))));
        hits.sort(Comparator.comparingDouble(IndexHit::score).reversed()
                .thenComparing(h -> h.vectorRank() == null ? Integer.MAX_VALUE : h.vectorRank())
                .thenComparing((a, b) -> UuidOrder.compare(a.chunkId().value(), b.chunkId().value())));
        return hits.size() <= limit ? hits : List.copyOf(hits.subList(0, limit));
    }

    private static Map<ChunkId, Integer> ranks(List<ChunkId> ranking) {
        Map<ChunkId, Integer> ranks = new HashMap<>();
        for (int i = 0; i < ranking.size(); i++) {
            ranks.putIfAbsent(ranking.get(i), i + 1);
        }
        return ranks;
    }
}
