package dev.ragstore.core.memory;

import dev.ragstore.core.chunk.ChunkId;
import dev.ragstore.core.chunk.DistanceMetric;
import dev.ragstore.core.chunk.Embedding;
import dev.ragstore.core.internal.UuidOrder;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.search.IndexHit;
import dev.ragstore.core.search.IndexQuery;
import dev.ragstore.core.search.ReciprocalRankFusion;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Exact search over one {@link IndexSpace}: every chunk of the query's owner in the query's
 * knowledge bases that passes the filter is scored, so results are the true top k.
 * <ul>
 *   <li>VECTOR: MaxSim of the query vectors against the chunk's vectors (plain similarity for one
 *       vector each), see {@link VectorMath#maxSim}.</li>
 *   <li>KEYWORD: BM25 ({@link Bm25}); only chunks containing a query term are hits. The corpus
 *       statistics (N, document frequencies, average length) are those of all the owner's chunks
 *       in the space, independent of the knowledge bases and filter of the query.</li>
 *   <li>HYBRID: the best {@code max(4·topK, 50)} of each ranking, fused by
 *       {@link ReciprocalRankFusion} with {@code k = 60}.</li>
 * </ul>
 * With {@link IndexQuery#includeVectors()} each hit carries the entry's stored vectors.
 * Ties are broken by chunk id (unsigned order). {@code minScore} (inclusive) applies to the
 * mode's final score. Runs under the index read lock.
 */
final class IndexSearch {

    private static final Comparator<Scored> BEST_FIRST = Comparator.comparingDouble(Scored::score).reversed()
            .thenComparing((a, b) -> UuidOrder.compare(a.entry().chunkId().value(), b.entry().chunkId().value()));

    private IndexSearch() {
    }

    /** The hits of {@code query}; {@code queryVectors} are already checked and stored-precision. */
    static List<IndexHit> search(IndexSpace space, IndexQuery query, float[][] queryVectors) {
        List<IndexEntry> candidates = candidates(space, query);
        DistanceMetric metric = space.definition().metric();
        List<IndexHit> hits = new ArrayList<>();
        switch (query.mode()) {
            case VECTOR: {
                List<Scored> ranked = byVector(candidates, metric, queryVectors, query.topK());
                for (int i = 0; i < ranked.size(); i++) {
                    hits.add(new IndexHit(ranked.get(i).entry().chunkId(), ranked.get(i).score(), i + 1, null));
                }
                break;
            }
            case KEYWORD: {
                List<Scored> ranked = byKeyword(candidates, query.text(), space.corpus(query.ownerId()), query.topK());
                for (int i = 0; i < ranked.size(); i++) {
                    hits.add(new IndexHit(ranked.get(i).entry().chunkId(), ranked.get(i).score(), null, i + 1));
                }
                break;
            }
            case HYBRID: {
                int depth = ReciprocalRankFusion.candidateDepth(query.topK());
                List<ChunkId> vector = ids(byVector(candidates, metric, queryVectors, depth));
                List<ChunkId> keyword = ids(byKeyword(candidates, query.text(), space.corpus(query.ownerId()), depth));
                hits.addAll(ReciprocalRankFusion.fuse(vector, keyword, ReciprocalRankFusion.DEFAULT_K, query.topK()));
                break;
            }
            default:
                throw new IllegalStateException("unhandled search mode " + query.mode());
        }
        if (query.minScore() != null) {
            hits.removeIf(hit -> hit.score() < query.minScore());
        }
        if (query.includeVectors()) {
            hits.replaceAll(hit -> hit.withVectors(storedVectors(space.get(query.ownerId(), hit.chunkId()))));
        }
        return List.copyOf(hits);
    }

    /** The entry's vectors, as stored (a FLOAT16 space's values already rounded to half precision). */
    private static List<Embedding> storedVectors(IndexEntry entry) {
        List<Embedding> vectors = new ArrayList<>(entry.vectors().length);
        for (float[] vector : entry.vectors()) {
            vectors.add(Embedding.of(vector));
        }
        return vectors;
    }

    private static List<IndexEntry> candidates(IndexSpace space, IndexQuery query) {
        Set<KnowledgeBaseId> knowledgeBases = new HashSet<>(query.knowledgeBases());
        List<IndexEntry> candidates = new ArrayList<>();
        for (IndexEntry entry : space.ofOwner(query.ownerId())) {
            if (knowledgeBases.contains(entry.knowledgeBaseId()) && FilterEvaluator.matches(query.filter(), entry)) {
                candidates.add(entry);
            }
        }
        return candidates;
    }

    /** The best {@code limit} candidates by vector similarity, best first. */
    static List<Scored> byVector(List<IndexEntry> candidates, DistanceMetric metric, float[][] query, int limit) {
        double[] queryNorms = VectorMath.norms(query);
        TopK top = new TopK(limit);
        for (IndexEntry entry : candidates) {
            top.offer(entry, VectorMath.maxSim(metric, query, queryNorms, entry.vectors(), entry.norms()));
        }
        return top.bestFirst();
    }

    /** The best {@code limit} candidates holding a query term, by BM25, best first. */
    static List<Scored> byKeyword(List<IndexEntry> candidates, String text, Bm25.Corpus corpus, int limit) {
        Bm25.Query query = new Bm25.Query(Bm25.queryTerms(text), corpus);
        TopK top = new TopK(limit);
        if (query.isEmpty()) {
            return top.bestFirst();
        }
        for (IndexEntry entry : candidates) {
            double score = query.score(entry.terms());
            if (score > 0) {
                top.offer(entry, score);
            }
        }
        return top.bestFirst();
    }

    private static List<ChunkId> ids(List<Scored> ranked) {
        List<ChunkId> ids = new ArrayList<>(ranked.size());
        ranked.forEach(scored -> ids.add(scored.entry().chunkId()));
        return ids;
    }

    /** Keeps the best {@code limit} offers (a bounded heap whose head is the worst kept). */
    private static final class TopK {
        private final int limit;
        private final PriorityQueue<Scored> kept;

        TopK(int limit) {
            this.limit = limit;
            this.kept = new PriorityQueue<>(Math.min(limit, 1_024) + 1, BEST_FIRST.reversed());
        }

        void offer(IndexEntry entry, double score) {
            if (kept.size() < limit) {
                kept.add(new Scored(entry, score));
            } else if (score >= kept.peek().score()) {
                Scored candidate = new Scored(entry, score);
                if (BEST_FIRST.compare(candidate, kept.peek()) < 0) {
                    kept.poll();
                    kept.add(candidate);
                }
            }
        }

        List<Scored> bestFirst() {
            List<Scored> sorted = new ArrayList<>(kept);
            sorted.sort(BEST_FIRST);
            return sorted;
        }
    }

    /** A candidate and its score in one ranking. */
    record Scored(IndexEntry entry, double score) {
    }
}
