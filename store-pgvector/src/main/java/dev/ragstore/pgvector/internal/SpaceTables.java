package dev.ragstore.pgvector.internal;

/**
 * The tables of one space: {@code vectors_<space>} (one row per chunk) and
 * {@code multivectors_<space>} (one row per vector of a multi-vector chunk), in {@code schema}.
 * Names are validated before they get here (schema by store-postgres, space by
 * {@link dev.ragstore.core.chunk.EmbeddingSpace#NAME_RULE}). Immutable.
 */
public record SpaceTables(String schema, String space) {

    /** Prefix of every space's chunk table. */
    public static final String TABLE_PREFIX = "vectors_";
    /** Prefix of every space's token-vector table. */
    public static final String TOKENS_TABLE_PREFIX = "multivectors_";

    /** The unquoted name of the chunk table. */
    public String tableName() {
        return TABLE_PREFIX + space;
    }

    /** The unquoted name of the token-vector table. */
    public String tokensTableName() {
        return TOKENS_TABLE_PREFIX + space;
    }

    /** The qualified chunk table. */
    public String table() {
        return Identifiers.quote(schema) + "." + Identifiers.quote(tableName());
    }

    /** The qualified token-vector table. */
    public String tokensTable() {
        return Identifiers.quote(schema) + "." + Identifiers.quote(tokensTableName());
    }
}
