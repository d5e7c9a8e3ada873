package dev.ragstore.testkit;

import dev.ragstore.core.chunk.DistanceMetric;
import dev.ragstore.core.chunk.Embedding;

/** Reference scores, computed in double precision, for checking what an index reports. */
final class Similarity {

    private Similarity() {
    }

    /** The score {@code metric} gives {@code a} against {@code b}, higher is better (see {@link DistanceMetric}). */
    static double score(DistanceMetric metric, Embedding a, Embedding b) {
        return score(metric, a.toArray(), b.toArray());
    }

    static double score(DistanceMetric metric, float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("dimensions differ: " + a.length + " and " + b.length);
        }
        double dot = 0;
        double normA = 0;
        double normB = 0;
        double distance = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            normA += (double) a[i] * a[i];
            normB += (double) b[i] * b[i];
            double d = (double) a[i] - b[i];
            distance += d * d;
        }
        switch (metric) {
            case COSINE:
                return dot / (Math.sqrt(normA) * Math.sqrt(normB));
            case INNER_PRODUCT:
                return dot;
            case L2:
                return -Math.sqrt(distance);
            default:
                throw new IllegalStateException("unhandled metric " + metric);
        }
    }
}
