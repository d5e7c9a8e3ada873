package dev.ragstore.postgres;

import dev.ragstore.core.chunk.Chunk;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.user.UserId;
import org.jdbi.v3.core.Handle;

import java.util.List;

/**
 * Joins the chunk writes and deletions of a {@link PostgresStore} inside their transaction, so a
 * vector table (pgvector) or an outbox (Milvus relay) changes atomically with the chunks. Every
 * method is called on the store's own {@link Handle}, after RagStore's statements and before the
 * commit; an exception it throws rolls the whole operation back and reaches the caller (a Jdbi or
 * JDBC failure translated like RagStore's own). Register listeners with
 * {@link PostgresStore.Builder#chunkWriteListener(ChunkWriteListener)}; they are called in
 * registration order. Implementations must be thread-safe and must not commit or close the handle.
 * Each method does nothing unless overridden.
 */
public interface ChunkWriteListener {

    /**
     * The chunks of {@code documentId} were replaced by {@code chunks} (possibly empty, ordered as
     * given). Runs in {@code owner}'s row-level-security scope.
     */
    default void chunksReplaced(Handle handle, UserId owner, DocumentId documentId, List<Chunk> chunks) {
    }

    /**
     * Documents of {@code owner} were deleted with their chunks: one document, a purged knowledge
     * base's documents, or a deleted chat session's attached documents. Called only when at least
     * one document was deleted. Runs in {@code owner}'s row-level-security scope.
     */
    default void documentsDeleted(Handle handle, UserId owner, List<DocumentId> documentIds) {
    }

    /**
     * A user was deleted, and with them every knowledge base, document and chunk they owned.
     * Runs in the admin scope.
     */
    default void ownerDeleted(Handle handle, UserId owner) {
    }
}
