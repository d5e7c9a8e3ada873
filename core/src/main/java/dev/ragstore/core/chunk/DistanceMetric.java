package dev.ragstore.core.chunk;

/**
 * How vectors are compared. Every adapter reports scores where higher is better:
 * {@link #COSINE} scores are the cosine similarity (-1..1), {@link #INNER_PRODUCT} scores are
 * the dot product, and {@link #L2} scores are the negated Euclidean distance (so 0 is a
 * perfect match).
 */
public enum DistanceMetric {
    COSINE,
    INNER_PRODUCT,
    L2
}
