package dev.ragstore.pgvector.internal;

import dev.ragstore.core.chunk.DistanceMetric;
import dev.ragstore.core.chunk.EmbeddingSpace;
import dev.ragstore.core.chunk.VectorType;
import dev.ragstore.pgvector.IndexMethod;

/**
 * The SQL names and expressions of one embedding space: its tables ({@code vectors_<space>} and
 * {@code multivectors_<space>} for the vectors of multi-vector chunks), vector type, distance operator and
 * function, operator class, and the conversion of distances to scores (higher is better).
 * Immutable.
 */
public record SpaceLayout(EmbeddingSpace space, String schema, String extensionSchema, String textSearchConfig,
        IndexMethod indexMethod) {

    /** The space's tables. */
    public SpaceTables tables() {
        return new SpaceTables(schema, space.name());
    }

    /** The unquoted name of the chunk table. */
    public String tableName() {
        return tables().tableName();
    }

    /** The unquoted name of the token-vector table. */
    public String tokensTableName() {
        return tables().tokensTableName();
    }

    /** The qualified chunk table. */
    public String table() {
        return tables().table();
    }

    /** The qualified token-vector table. */
    public String tokensTable() {
        return tables().tokensTable();
    }

    /** The qualified pgvector type without dimension, e.g. {@code "public".vector}. */
    public String baseType() {
        return ext() + (space.vectorType() == VectorType.FLOAT16 ? "halfvec" : "vector");
    }

    /** The column type, e.g. {@code "public".vector(384)}. */
    public String columnType() {
        return baseType() + "(" + space.dimension() + ")";
    }

    /** The distance operator the ANN index orders by, e.g. {@code OPERATOR("public".<=>)}. */
    public String operator() {
        return "OPERATOR(" + ext() + symbol() + ")";
    }

    /**
     * The same distance as {@link #operator()} in function form, which an index cannot order by:
     * used where the search must be exact.
     */
    public String distanceFunction() {
        switch (space.metric()) {
            case COSINE:
                return ext() + "cosine_distance";
            case L2:
                return ext() + "l2_distance";
            case INNER_PRODUCT:
                return ext() + (space.vectorType() == VectorType.FLOAT16 ? "halfvec" : "vector") + "_negative_inner_product";
            default:
                throw new IllegalStateException("unhandled metric " + space.metric());
        }
    }

    /** The operator class of the ANN index, e.g. {@code "public".vector_cosine_ops}. */
    public String operatorClass() {
        String type = space.vectorType() == VectorType.FLOAT16 ? "halfvec" : "vector";
        switch (space.metric()) {
            case COSINE:
                return ext() + type + "_cosine_ops";
            case L2:
                return ext() + type + "_l2_ops";
            case INNER_PRODUCT:
                return ext() + type + "_ip_ops";
            default:
                throw new IllegalStateException("unhandled metric " + space.metric());
        }
    }

    /**
     * The SQL expression that turns a distance expression into a score: {@code 1 - d} for cosine,
     * {@code -d} for inner product (pgvector's {@code <#>} is the negated dot product) and L2.
     */
    public String scoreOf(String distance) {
        return space.metric() == DistanceMetric.COSINE ? "(1 - " + distance + ")" : "(-" + distance + ")";
    }

    /** The score of a distance, in Java; the same arithmetic as {@link #scoreOf(String)}. */
    public double score(double distance) {
        return space.metric() == DistanceMetric.COSINE ? 1 - distance : -distance;
    }

    /** The text search configuration as a SQL literal cast, e.g. {@code 'english'::regconfig}. */
    public String textSearchConfigLiteral() {
        return "'" + textSearchConfig + "'::regconfig";
    }

    private String symbol() {
        switch (space.metric()) {
            case COSINE:
                return "<=>";
            case L2:
                return "<->";
            case INNER_PRODUCT:
                return "<#>";
            default:
                throw new IllegalStateException("unhandled metric " + space.metric());
        }
    }

    private String ext() {
        return Identifiers.quote(extensionSchema) + ".";
    }
}
