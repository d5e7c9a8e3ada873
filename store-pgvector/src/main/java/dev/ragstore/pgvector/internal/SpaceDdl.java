package dev.ragstore.pgvector.internal;

import dev.ragstore.core.chunk.VectorType;
import dev.ragstore.pgvector.IndexMethod;

import java.util.ArrayList;
import java.util.List;

/**
 * The DDL of one space: the chunk table (one row per chunk, its vector in {@code embedding}, or
 * {@code NULL} when the chunk has several), the token table (one row per vector of a multi-vector
 * chunk), their owner/knowledge-base b-tree indexes, the full-text GIN index, the ANN indexes and,
 * when the store runs with row-level security, forced policies that match store-postgres's.
 * Stateless.
 */
public final class SpaceDdl {

    /** Rows larger than this keep the vector out of line (TOAST) instead of in the heap page. */
    private static final int MAX_INLINE_VECTOR_BYTES = 6_000;
    /** The largest {@code toast_tuple_target} PostgreSQL accepts (8 kB pages): a row is only TOASTed when it no longer fits a page. */
    private static final int TOAST_TUPLE_TARGET = 8_160;
    /** The policy of store-postgres's owned tables: the owner's rows, or every row in the admin scope ({@code ragstore_admin()}). */
    private static final String OWNER_POLICY = "owner_id = nullif(current_setting('ragstore.owner', true), '')::uuid "
            + "OR (SELECT %s.ragstore_admin())";

    private SpaceDdl() {
    }

    /**
     * The statements that create the tables, b-tree and full-text indexes of {@code layout}, and
     * its forced row-level-security policies when {@code rowLevelSecurity} is on.
     */
    public static List<String> tables(SpaceLayout layout, boolean rowLevelSecurity) {
        String table = layout.table();
        String tokens = layout.tokensTable();
        String name = layout.tableName();
        String tokensName = layout.tokensTableName();
        List<String> ddl = new ArrayList<>();
        ddl.add("CREATE TABLE " + table + " ("
                + "chunk_id uuid NOT NULL, "
                + "owner_id uuid NOT NULL, "
                + "knowledge_base_id uuid NOT NULL, "
                + "document_id uuid NOT NULL, "
                + "chunk_index integer NOT NULL, "
                + "page integer, "
                + "mime_type text NOT NULL, "
                + "created_at timestamptz NOT NULL, "
                + "metadata jsonb NOT NULL, "
                + "text text NOT NULL, "
                + "text_search tsvector GENERATED ALWAYS AS (to_tsvector(" + layout.textSearchConfigLiteral() + ", text)) STORED, "
                + "vector_count integer NOT NULL, "
                + "embedding " + layout.columnType() + ", "
                + "CONSTRAINT " + Identifiers.quote(name + "_pkey") + " PRIMARY KEY (chunk_id)) "
                // keep a row whole in its heap page while it fits (PostgreSQL moves the largest field
                // out of line above 2 kB by default): keyword ranking reads the tsvector of every
                // matching row, and a TOAST detour costs an index descent per row (2.3x slower)
                + "WITH (toast_tuple_target = " + TOAST_TUPLE_TARGET + ")");
        // Keep the vector in the heap page next to the filter columns (no TOAST detour per distance).
        ddl.add("ALTER TABLE " + table + " ALTER COLUMN embedding SET STORAGE " + storage(layout));
        ddl.add("CREATE INDEX " + Identifiers.quote(name + "_owner_idx") + " ON " + table + " (owner_id, knowledge_base_id)");
        ddl.add("CREATE INDEX " + Identifiers.quote(name + "_doc_idx") + " ON " + table + " (document_id)");
        ddl.add("CREATE INDEX " + Identifiers.quote(name + "_text_idx") + " ON " + table + " USING gin (text_search)");
        ddl.add("CREATE TABLE " + tokens + " ("
                + "chunk_id uuid NOT NULL, "
                + "ordinal integer NOT NULL, "
                + "owner_id uuid NOT NULL, "
                + "knowledge_base_id uuid NOT NULL, "
                + "document_id uuid NOT NULL, "
                + "embedding " + layout.columnType() + " NOT NULL, "
                + "CONSTRAINT " + Identifiers.quote(tokensName + "_pkey") + " PRIMARY KEY (chunk_id, ordinal))");
        ddl.add("ALTER TABLE " + tokens + " ALTER COLUMN embedding SET STORAGE " + storage(layout));
        ddl.add("CREATE INDEX " + Identifiers.quote(tokensName + "_owner_idx") + " ON " + tokens + " (owner_id, knowledge_base_id)");
        ddl.add("CREATE INDEX " + Identifiers.quote(tokensName + "_doc_idx") + " ON " + tokens + " (document_id)");
        for (String[] t : rowLevelSecurity ? new String[][] {{table, name}, {tokens, tokensName}} : new String[0][]) {
            ddl.add("ALTER TABLE " + t[0] + " ENABLE ROW LEVEL SECURITY");
            ddl.add("ALTER TABLE " + t[0] + " FORCE ROW LEVEL SECURITY");
            ddl.add("CREATE POLICY " + Identifiers.quote(t[1] + "_owner") + " ON " + t[0] + " USING (" + OWNER_POLICY.formatted(Identifiers.quote(layout.schema())) + ")");
        }
        return ddl;
    }

    /** The ANN index statements of {@code layout} with the given method and parameters (idempotent). */
    public static List<String> annIndexes(SpaceLayout layout, IndexSettings settings) {
        return List.of(annIndex(layout.table(), layout.tableName(), layout, settings),
                annIndex(layout.tokensTable(), layout.tokensTableName(), layout, settings));
    }

    /** The names of the ANN indexes of {@code layout}, main table first. */
    public static List<String> annIndexNames(SpaceLayout layout) {
        return List.of(layout.tableName() + "_ann_idx", layout.tokensTableName() + "_ann_idx");
    }

    private static String annIndex(String table, String name, SpaceLayout layout, IndexSettings settings) {
        String with = layout.indexMethod() == IndexMethod.HNSW
                ? "hnsw (embedding " + layout.operatorClass() + ") WITH (m = " + settings.hnswM()
                        + ", ef_construction = " + settings.hnswEfConstruction() + ")"
                : "ivfflat (embedding " + layout.operatorClass() + ") WITH (lists = " + settings.ivfflatLists() + ")";
        return "CREATE INDEX IF NOT EXISTS " + Identifiers.quote(name + "_ann_idx") + " ON " + table + " USING " + with;
    }

    private static String storage(SpaceLayout layout) {
        int bytes = 8 + layout.space().dimension() * (layout.space().vectorType() == VectorType.FLOAT16 ? 2 : 4);
        return bytes <= MAX_INLINE_VECTOR_BYTES ? "PLAIN" : "EXTERNAL";
    }
}
