package dev.ragstore.core.memory;

import dev.ragstore.core.chunk.DistanceMetric;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class VectorMathTest {

    private static final float[] A = {1, 2, 2};
    private static final float[] B = {2, 0, 1};

    @Test
    void scoresCosineAsSimilarity() {
        assertThat(similarity(DistanceMetric.COSINE, A, B)).isCloseTo(4 / (3 * Math.sqrt(5)), within(1e-12));
        assertThat(similarity(DistanceMetric.COSINE, A, A)).isEqualTo(1.0);
        assertThat(similarity(DistanceMetric.COSINE, A, new float[] {-1, -2, -2})).isEqualTo(-1.0);
    }

    @Test
    void scoresCosineOfAZeroVectorAsZero() {
        assertThat(similarity(DistanceMetric.COSINE, A, new float[] {0, 0, 0})).isZero();
    }

    @Test
    void scoresInnerProductAsDotProduct() {
        assertThat(similarity(DistanceMetric.INNER_PRODUCT, A, B)).isEqualTo(4.0);
        assertThat(similarity(DistanceMetric.INNER_PRODUCT, A, A)).isEqualTo(9.0);
    }

    @Test
    void scoresL2AsNegatedDistance() {
        assertThat(similarity(DistanceMetric.L2, A, B)).isCloseTo(-Math.sqrt(6), within(1e-12));
        assertThat(similarity(DistanceMetric.L2, A, A)).isZero();
    }

    @Test
    void sumsTheBestMatchOfEveryQueryVectorForMaxSim() {
        float[][] query = {{1, 0}, {0, 1}};
        float[][] chunk = {{1, 0}, {0.6f, 0.8f}};
        assertThat(maxSim(DistanceMetric.COSINE, query, chunk)).isCloseTo(1 + 0.8, within(1e-6));
        assertThat(maxSim(DistanceMetric.INNER_PRODUCT, query, chunk)).isCloseTo(1 + 0.8, within(1e-6));
        assertThat(maxSim(DistanceMetric.L2, query, chunk)).isCloseTo(0 - Math.sqrt(0.36 + 0.04), within(1e-6));
    }

    @Test
    void reducesMaxSimToThePlainSimilarityForSingleVectors() {
        for (DistanceMetric metric : DistanceMetric.values()) {
            assertThat(maxSim(metric, new float[][] {A}, new float[][] {B})).isEqualTo(similarity(metric, A, B));
        }
    }

    private static double similarity(DistanceMetric metric, float[] a, float[] b) {
        return VectorMath.similarity(metric, a, VectorMath.norm(a), b, VectorMath.norm(b));
    }

    private static double maxSim(DistanceMetric metric, float[][] query, float[][] chunk) {
        return VectorMath.maxSim(metric, query, VectorMath.norms(query), chunk, VectorMath.norms(chunk));
    }
}
