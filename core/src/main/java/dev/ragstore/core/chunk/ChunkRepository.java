package dev.ragstore.core.chunk;

import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.user.UserId;

import java.util.Collection;
import java.util.List;

/**
 * Port: stores the chunks of documents. Every method is restricted to {@code owner}.
 * Implementations are thread-safe.
 */
public interface ChunkRepository {

    /**
     * Replaces all chunks of a document with {@code chunks} in one atomic step: readers see the
     * old set or the new one, never a mix.
     *
     * @throws dev.ragstore.core.error.NotFoundException if the owner has no such document
     * @throws dev.ragstore.core.error.InvalidInputException if a chunk belongs to another document
     *         or owner, or two chunks share an index
     */
    void replace(UserId owner, DocumentId documentId, List<Chunk> chunks);

    /** A document's chunks ordered by index; empty for an unknown document. */
    List<Chunk> listByDocument(UserId owner, DocumentId documentId);

    /**
     * The chunks among {@code ids} that are live: owned by {@code owner}, of an existing document
     * in a knowledge base that is not soft-deleted. Unknown or dead ids are left out; order is
     * unspecified.
     */
    List<SourcedChunk> findLive(UserId owner, Collection<ChunkId> ids);
}
