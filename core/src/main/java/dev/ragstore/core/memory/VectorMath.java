package dev.ragstore.core.memory;

import dev.ragstore.core.chunk.DistanceMetric;

/**
 * Exact similarity scores, higher is better, as {@link DistanceMetric} defines them: cosine
 * similarity (clamped to -1..1; 0 when either vector is all zeros), dot product, and negated
 * Euclidean distance. Sums are taken in double precision.
 */
final class VectorMath {

    private VectorMath() {
    }

    static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }

    static double norm(float[] a) {
        return Math.sqrt(dot(a, a));
    }

    static double distance(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = (double) a[i] - b[i];
            sum += d * d;
        }
        return Math.sqrt(sum);
    }

    /** The similarity of two vectors under {@code metric}; the norms are needed for COSINE only. */
    static double similarity(DistanceMetric metric, float[] a, double normA, float[] b, double normB) {
        switch (metric) {
            case COSINE:
                if (normA == 0 || normB == 0) {
                    return 0;
                }
                return Math.max(-1, Math.min(1, dot(a, b) / (normA * normB)));
            case INNER_PRODUCT:
                return dot(a, b);
            case L2:
                return -distance(a, b);
            default:
                throw new IllegalStateException("unhandled metric " + metric);
        }
    }

    /**
     * Late-interaction (ColBERT) MaxSim: the sum over query vectors of the best similarity any
     * chunk vector has to it. With one query vector and one chunk vector this is their plain
     * similarity, so single- and multi-vector chunks share one scoring rule.
     */
    static double maxSim(DistanceMetric metric, float[][] query, double[] queryNorms, float[][] chunk, double[] chunkNorms) {
        double total = 0;
        for (int q = 0; q < query.length; q++) {
            double best = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < chunk.length; c++) {
                best = Math.max(best, similarity(metric, query[q], queryNorms[q], chunk[c], chunkNorms[c]));
            }
            total += best;
        }
        return total;
    }

    /** The norms of each vector. */
    static double[] norms(float[][] vectors) {
        double[] norms = new double[vectors.length];
        for (int i = 0; i < vectors.length; i++) {
            norms[i] = norm(vectors[i]);
        }
        return norms;
    }
}
