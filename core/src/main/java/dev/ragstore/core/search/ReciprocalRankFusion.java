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

    private ReciprocalRankFusion() {
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
