package dev.ragstore.pgvector;

import dev.ragstore.core.chunk.ChunkId;
import dev.ragstore.core.chunk.DistanceMetric;
import dev.ragstore.core.chunk.Embedding;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.search.IndexQuery;
import dev.ragstore.core.search.IndexedChunk;
import dev.ragstore.core.search.SearchMode;
import dev.ragstore.core.user.UserId;

import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/** Chunks, vectors and brute-force rankings for the adapter tests. */
final class TestChunks {

    static final Instant CREATED = Instant.parse("2024-05-01T10:00:00Z");

    private TestChunks() {
    }

    /** One owner's knowledge base and document. */
    record Tenant(UserId user, KnowledgeBaseId knowledgeBase, DocumentId document) {

        static Tenant random() {
            return new Tenant(new UserId(UUID.randomUUID()), new KnowledgeBaseId(UUID.randomUUID()),
                    new DocumentId(UUID.randomUUID()));
        }

        IndexedChunk chunk(int index, String text, Map<String, Object> metadata, float[]... vectors) {
            return new IndexedChunk(new ChunkId(UUID.randomUUID()), user, knowledgeBase, document, index, null, "text/plain",
                    text, metadata, CREATED, Arrays.stream(vectors).map(Embedding::of).toList());
        }

        IndexedChunk chunk(int index, float[]... vectors) {
            return chunk(index, "chunk " + index, Map.of(), vectors);
        }

        IndexQuery vectorQuery(String space, int topK, float[]... vectors) {
            return new IndexQuery(space, user, List.of(knowledgeBase), SearchMode.VECTOR, null,
                    Arrays.stream(vectors).map(Embedding::of).toList(), null, topK, null);
        }
    }

    /** A Gaussian vector. */
    static float[] gaussian(Random random, int dimension) {
        float[] vector = new float[dimension];
        for (int i = 0; i < dimension; i++) {
            vector[i] = (float) random.nextGaussian();
        }
        return vector;
    }

    /** A point near {@code center}, spread by {@code sigma}. */
    static float[] near(Random random, float[] center, double sigma) {
        float[] vector = new float[center.length];
        for (int i = 0; i < center.length; i++) {
            vector[i] = (float) (center[i] + sigma * random.nextGaussian());
        }
        return vector;
    }

    /** The similarity of two vectors, higher is better, in double precision. */
    static double similarity(DistanceMetric metric, float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        double squares = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
            double d = (double) a[i] - b[i];
            squares += d * d;
        }
        switch (metric) {
            case COSINE:
                return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
            case INNER_PRODUCT:
                return dot;
            case L2:
                return -Math.sqrt(squares);
            default:
                throw new IllegalStateException("unhandled metric " + metric);
        }
    }

    /** MaxSim of {@code query} against a chunk's vectors. */
    static double maxSim(DistanceMetric metric, List<float[]> query, IndexedChunk chunk) {
        double total = 0;
        for (float[] q : query) {
            double best = Double.NEGATIVE_INFINITY;
            for (Embedding v : chunk.vectors()) {
                best = Math.max(best, similarity(metric, q, v.toArray()));
            }
            total += best;
        }
        return total;
    }

    /** The ids of the {@code k} chunks of {@code chunks} with the best MaxSim to {@code query}. */
    static List<ChunkId> exactTop(DistanceMetric metric, List<IndexedChunk> chunks, int k, List<float[]> query) {
        return chunks.stream()
                .sorted(Comparator.comparingDouble((IndexedChunk c) -> maxSim(metric, query, c)).reversed())
                .limit(k).map(IndexedChunk::chunkId).toList();
    }

    /** The chunk ids of {@code hits}, in order. */
    static List<ChunkId> ids(List<dev.ragstore.core.search.IndexHit> hits) {
        return hits.stream().map(dev.ragstore.core.search.IndexHit::chunkId).toList();
    }

    /** The share of {@code expected} found in {@code actual}. */
    static double recall(List<ChunkId> expected, List<ChunkId> actual) {
        return expected.isEmpty() ? 1 : expected.stream().filter(actual::contains).count() / (double) expected.size();
    }
}
