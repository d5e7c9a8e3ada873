package dev.ragstore.core.chunk;

import dev.ragstore.core.error.InvalidInputException;

import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable dense vector of finite floats. Copies the array on the way in and on the way
 * out, so no caller can change it after construction.
 */
public final class Embedding {

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
