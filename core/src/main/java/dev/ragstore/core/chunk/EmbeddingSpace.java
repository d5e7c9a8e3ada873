package dev.ragstore.core.chunk;

import dev.ragstore.core.error.InvalidInputException;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A named vector space: one embedding model, its dimension, the metric used to compare
 * vectors and the stored component type. A knowledge base is bound to exactly one space;
 * changing the model means re-embedding into a new space.
 *
 * @param name      identifier, {@code [a-z][a-z0-9_]{0,39}} (it names tables and collections)
 * @param model     the embedding model's name, for the record
 * @param dimension 1 to 16,000
 */
public record EmbeddingSpace(String name, String model, int dimension, DistanceMetric metric, VectorType vectorType) {

    /** The rule every space name follows. */
    public static final String NAME_RULE = "[a-z][a-z0-9_]{0,39}";
    private static final Pattern NAME = Pattern.compile(NAME_RULE);
    /** The largest supported dimension. */
    public static final int MAX_DIMENSION = 16_000;

    public EmbeddingSpace {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(vectorType, "vectorType");
        if (!NAME.matcher(name).matches()) {
            throw InvalidInputException.of("embedding space name", "must match " + NAME_RULE, name);
        }
        dev.ragstore.core.internal.Checks.name("embedding model", model);
        if (dimension < 1 || dimension > MAX_DIMENSION) {
            throw InvalidInputException.of("embedding space dimension", "must be between 1 and " + MAX_DIMENSION, dimension);
        }
    }

    /** A float32 space. */
    public static EmbeddingSpace of(String name, String model, int dimension, DistanceMetric metric) {
        return new EmbeddingSpace(name, model, dimension, metric, VectorType.FLOAT32);
    }
}
