package dev.ragstore.pgvector.internal;

import dev.ragstore.core.chunk.Embedding;
import dev.ragstore.core.chunk.VectorType;
import dev.ragstore.core.internal.MetadataJson;
import dev.ragstore.core.search.IndexedChunk;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Writes chunks into a space by binary {@code COPY}: the rows go to a per-session temporary
 * staging table ({@code COPY FROM} is refused on tables under row-level security), then one
 * {@code INSERT ... SELECT ... ON CONFLICT (chunk_id) DO UPDATE} moves them into the space table,
 * where the policies check every row. Runs inside the caller's transaction and owner scope; the
 * chunks are validated by the caller. Thread-safe (stateless apart from the JSON writer).
 */
public final class ChunkWriter {

    private static final String STAGE = "ragstore_pgvector_stage_";
    private static final String STAGE_TOKENS = "ragstore_pgvector_stage_tokens_";
    private static final String MAIN_COLUMNS = "chunk_id, owner_id, knowledge_base_id, document_id, chunk_index, page, "
            + "mime_type, created_at, metadata, text, vector_count, embedding";
    private static final String TOKEN_COLUMNS = "chunk_id, ordinal, owner_id, knowledge_base_id, document_id, embedding";
    private static final int MAIN_FIELDS = 12;
    private static final int TOKEN_FIELDS = 6;

    private final MetadataJson json = new MetadataJson();

    /**
     * Inserts or replaces {@code chunks} (one owner, distinct chunk ids, vectors of the space's
     * dimension) in {@code layout}'s tables.
     */
    public void upsert(Connection connection, SpaceLayout layout, List<IndexedChunk> chunks) throws SQLException {
        boolean anyMulti = chunks.stream().anyMatch(c -> c.vectors().size() > 1);
        String type = layout.space().vectorType() == VectorType.FLOAT16 ? "halfvec" : "vector";
        String stage = "pg_temp." + STAGE + type;
        String stageTokens = "pg_temp." + STAGE_TOKENS + type;
        try (Statement statement = connection.createStatement()) {
            StringBuilder prepare = new StringBuilder()
                    .append("CREATE TEMP TABLE IF NOT EXISTS ").append(STAGE).append(type).append(" (chunk_id uuid, ")
                    .append("owner_id uuid, knowledge_base_id uuid, document_id uuid, chunk_index integer, page integer, ")
                    .append("mime_type text, created_at timestamptz, metadata jsonb, text text, vector_count integer, ")
                    .append("embedding ").append(layout.baseType()).append(") ON COMMIT DELETE ROWS; ")
                    .append("DELETE FROM ").append(stage).append(';');
            if (anyMulti) {
                prepare.append("CREATE TEMP TABLE IF NOT EXISTS ").append(STAGE_TOKENS).append(type)
                        .append(" (chunk_id uuid, ordinal integer, owner_id uuid, knowledge_base_id uuid, document_id uuid, ")
                        .append("embedding ").append(layout.baseType()).append(") ON COMMIT DELETE ROWS; ")
                        .append("DELETE FROM ").append(stageTokens).append(';');
            }
            statement.execute(prepare.toString());
        }
        PGConnection pg = connection.unwrap(PGConnection.class);
        copyChunks(pg, stage, layout, chunks);
        if (anyMulti) {
            copyTokens(pg, stageTokens, layout, chunks);
        }
        StringBuilder move = new StringBuilder()
                .append("DELETE FROM ").append(layout.tokensTable()).append(" t USING ").append(stage)
                .append(" s WHERE t.chunk_id = s.chunk_id; ")
                .append("INSERT INTO ").append(layout.table()).append(" (").append(MAIN_COLUMNS).append(") SELECT ")
                .append(MAIN_COLUMNS).append(" FROM ").append(stage)
                .append(" ON CONFLICT (chunk_id) DO UPDATE SET owner_id = excluded.owner_id, ")
                .append("knowledge_base_id = excluded.knowledge_base_id, document_id = excluded.document_id, ")
                .append("chunk_index = excluded.chunk_index, page = excluded.page, mime_type = excluded.mime_type, ")
                .append("created_at = excluded.created_at, metadata = excluded.metadata, text = excluded.text, ")
                .append("vector_count = excluded.vector_count, embedding = excluded.embedding;");
        if (anyMulti) {
            move.append("INSERT INTO ").append(layout.tokensTable()).append(" (").append(TOKEN_COLUMNS).append(") SELECT ")
                    .append(TOKEN_COLUMNS).append(" FROM ").append(stageTokens).append("; ")
                    // the space name follows [a-z][a-z0-9_]*: safe as a literal
                    .append("UPDATE ").append(Identifiers.quote(layout.schema())).append('.')
                    .append(VectorMigrations.SPACES_TABLE).append(" SET has_multi_vectors = true WHERE name = '")
                    .append(layout.space().name()).append("' AND NOT has_multi_vectors;");
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute(move.toString());
        }
    }

    private void copyChunks(PGConnection pg, String stage, SpaceLayout layout, List<IndexedChunk> chunks) throws SQLException {
        boolean half = layout.space().vectorType() == VectorType.FLOAT16;
        CopyIn copy = pg.getCopyAPI().copyIn("COPY " + stage + " (" + MAIN_COLUMNS + ") FROM STDIN (FORMAT binary)");
        try {
            BinaryCopyWriter writer = new BinaryCopyWriter(copy);
            for (IndexedChunk chunk : chunks) {
                writer.startRow(MAIN_FIELDS);
                writer.uuid(chunk.chunkId().value());
                writer.uuid(chunk.ownerId().value());
                writer.uuid(chunk.knowledgeBaseId().value());
                writer.uuid(chunk.documentId().value());
                writer.int4(chunk.chunkIndex());
                writer.int4OrNull(chunk.page());
                writer.text(chunk.mimeType());
                writer.timestamptz(chunk.createdAt());
                writer.jsonb(json.write(chunk.metadata()));
                writer.text(chunk.text());
                writer.int4(chunk.vectors().size());
                if (chunk.vectors().size() == 1) {
                    vector(writer, chunk.vectors().get(0), half);
                } else {
                    writer.nullField();
                }
            }
            writer.finish();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    private static void copyTokens(PGConnection pg, String stage, SpaceLayout layout, List<IndexedChunk> chunks)
            throws SQLException {
        boolean half = layout.space().vectorType() == VectorType.FLOAT16;
        CopyIn copy = pg.getCopyAPI().copyIn("COPY " + stage + " (" + TOKEN_COLUMNS + ") FROM STDIN (FORMAT binary)");
        try {
            BinaryCopyWriter writer = new BinaryCopyWriter(copy);
            for (IndexedChunk chunk : chunks) {
                if (chunk.vectors().size() < 2) {
                    continue;
                }
                for (int i = 0; i < chunk.vectors().size(); i++) {
                    writer.startRow(TOKEN_FIELDS);
                    writer.uuid(chunk.chunkId().value());
                    writer.int4(i);
                    writer.uuid(chunk.ownerId().value());
                    writer.uuid(chunk.knowledgeBaseId().value());
                    writer.uuid(chunk.documentId().value());
                    vector(writer, chunk.vectors().get(i), half);
                }
            }
            writer.finish();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    private static void vector(BinaryCopyWriter writer, Embedding embedding, boolean half) {
        if (half) {
            writer.halfvec(embedding);
        } else {
            writer.vector(embedding);
        }
    }
}
