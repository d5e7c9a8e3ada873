package dev.ragstore.pgvector;

/**
 * The approximate-nearest-neighbour index a space's vectors get.
 *
 * @since 0.1
 */
public enum IndexMethod {
    /** Hierarchical navigable small world graph: best speed/recall, builds on an empty table. */
    HNSW,
    /** Inverted lists of k-means clusters: faster to build, smaller; build it after loading data. */
    IVFFLAT
}
