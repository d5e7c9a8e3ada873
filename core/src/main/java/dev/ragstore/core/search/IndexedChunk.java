package dev.ragstore.core.search;

import dev.ragstore.core.chunk.Chunk;
import dev.ragstore.core.chunk.ChunkId;
import dev.ragstore.core.chunk.Embedding;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.internal.Checks;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.user.UserId;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A chunk as a {@link VectorIndex} stores it: everything filters and keyword search need, and
 * one vector (or several, for multi-vector chunks) in the index's space.
 *
 * @param page    1-based page, or {@code null}
 * @param vectors at least one; more than one makes a multi-vector (late interaction) chunk
 */
public record IndexedChunk(
        ChunkId chunkId,
        UserId ownerId,
        KnowledgeBaseId knowledgeBaseId,
        DocumentId documentId,
        int chunkIndex,
        Integer page,
        String mimeType,
        String text,
        Map<String, Object> metadata,
        Instant createdAt,
        List<Embedding> vectors) {

    /** The most vectors one chunk may carry. */
    public static final int MAX_VECTORS = 4_096;

    public IndexedChunk {
        Objects.requireNonNull(chunkId, "chunkId");
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(knowledgeBaseId, "knowledgeBaseId");
        Objects.requireNonNull(documentId, "documentId");
        Objects.requireNonNull(mimeType, "mimeType");
        Checks.text("chunk text", text, Checks.MAX_TEXT);
        metadata = Checks.metadata(metadata);
        Objects.requireNonNull(createdAt, "createdAt");
        vectors = List.copyOf(vectors);
        if (vectors.isEmpty() || vectors.size() > MAX_VECTORS) {
            throw InvalidInputException.of("chunk vectors", "must have 1 to " + MAX_VECTORS + " vectors", vectors.size());
        }
        for (int i = 0; i < vectors.size(); i++) {
            vectors.get(i).requireRepresentable("chunk vectors[" + i + "]");
        }
    }

    /** The index record for {@code chunk} of a document with {@code mimeType}. */
    public static IndexedChunk of(Chunk chunk, String mimeType, List<Embedding> vectors) {
        return new IndexedChunk(chunk.id(), chunk.ownerId(), chunk.knowledgeBaseId(), chunk.documentId(), chunk.index(),
                chunk.page(), mimeType, chunk.text(), chunk.metadata(), chunk.createdAt(), vectors);
    }
}
