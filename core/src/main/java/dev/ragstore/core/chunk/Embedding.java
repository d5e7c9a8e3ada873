package dev.ragstore.core.chunk;

import dev.ragstore.core.error.InvalidInputException;

import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable dense vector of finite floats. Copies the array on the way in and on the way
 * out, so no caller can change it after construction.
 */
public final class Embedding {

    /**
     * The largest squared Euclidean norm a stored or query vector may have: a quarter of
     * {@link Float#MAX_VALUE} (about 8.5e37, a norm of about 9.2e18). pgvector and Milvus compute
     * distances in float32, so a larger norm overflows: with components like 3e38 a cosine came
     * back as 0.0, an L2 distance as -Infinity and an inner product as +Infinity. A quarter
     * leaves room for the worst sum an L2 distance of two such vectors can reach
     * ({@code |a - b|^2 <= (|a| + |b|)^2 = 4 * max}); inner products and norms stay below it too.
     * Real embeddings have norms near 1.
     */
    public static final double MAX_SQUARED_NORM = Float.MAX_VALUE / 4.0;

    private static final float HALF_MAX = 65504f;

    private final float[] values;

    private Embedding(float[] values) {
        this.values = values;
    }

    /**
     * Copies {@code values} into a new embedding.
     *
     * @throws InvalidInputException if the array is empty or holds NaN or an infinity
     */
    public static Embedding of(float... values) {
        Objects.requireNonNull(values, "values");
        if (values.length == 0) {
            throw InvalidInputException.of("embedding", "must have at least one dimension", 0);
        }
        float[] copy = values.clone();
        for (int i = 0; i < copy.length; i++) {
            if (!Float.isFinite(copy[i])) {
                throw InvalidInputException.of("embedding[" + i + "]", "must be a finite number", copy[i]);
            }
        }
        return new Embedding(copy);
    }

    /** Number of dimensions. */
    public int dimension() {
        return values.length;
    }

    /** A copy of the values. */
    public float[] toArray() {
        return values.clone();
    }

    /** One value, without copying the whole array. */
    public float get(int index) {
        return values[index];
    }

    /**
     * Checks that this embedding has the dimension of {@code space}.
     *
     * @throws InvalidInputException naming the space, the expected and the actual dimension
     */
    public Embedding requireDimension(EmbeddingSpace space) {
        if (values.length != space.dimension()) {
            throw InvalidInputException.of("embedding dimension",
                    "must be " + space.dimension() + " for space '" + space.name() + "'", values.length);
        }
        return requireRepresentable("embedding", space);
    }

    /**
     * Checks that distances with this vector stay finite in float32 (its squared norm is at most
     * {@link #MAX_SQUARED_NORM}) and, for a {@link VectorType#FLOAT16} space, that every
     * component fits a half float (|x| &lt;= 65504). Every write path and every query vector
     * passes here (through {@link #requireDimension}).
     *
     * @param field the name the error gives the vector, e.g. {@code "search vectors[0]"}
     * @throws InvalidInputException naming {@code field}, the rule and the offending norm or component
     */
    public Embedding requireRepresentable(String field, EmbeddingSpace space) {
        if (space != null && space.vectorType() == VectorType.FLOAT16) {
            for (int i = 0; i < values.length; i++) {
                if (Math.abs(values[i]) > HALF_MAX) {
                    throw InvalidInputException.of(field + "[" + i + "]", "must be within ±65504 to be stored as a half "
                            + "float in space '" + space.name() + "' (rule vector.component)", values[i]);
                }
            }
        }
        return requireRepresentable(field);
    }

    /**
     * Checks that this vector's squared norm, computed in double, is at most
     * {@link #MAX_SQUARED_NORM}.
     *
     * @throws InvalidInputException naming {@code field}, the rule and the squared norm
     */
    public Embedding requireRepresentable(String field) {
        double squaredNorm = 0;
        for (float v : values) {
            squaredNorm += (double) v * v;
        }
        if (!(squaredNorm <= MAX_SQUARED_NORM)) {
            throw InvalidInputException.of(field, "must have a squared norm of at most " + MAX_SQUARED_NORM
                    + " so that float32 distances stay finite (rule vector.norm)", "squared norm " + squaredNorm);
        }
        return this;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Embedding e && Arrays.equals(values, e.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "Embedding[dimension=" + values.length + "]";
    }
}
