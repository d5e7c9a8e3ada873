package dev.ragstore.core.search;

import dev.ragstore.core.chunk.ChunkId;
import dev.ragstore.core.chunk.EmbeddingSpace;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.user.UserId;

import java.util.Collection;
import java.util.List;

/**
 * The port to a vector index: stores {@link IndexedChunk}s per embedding space and answers
 * owner-restricted searches. Implementations are thread-safe. Every method is idempotent, so
 * a caller may retry after a {@link dev.ragstore.core.error.StoreUnavailableException}.
 */
public interface VectorIndex extends AutoCloseable {

    /** What this index can do. */
    IndexCapabilities capabilities();

    /**
     * Whether the relational store removes this index's vectors itself when chunks are replaced
     * and documents, knowledge bases or users are deleted, in the same transaction (pgvector, or a
     * Milvus index fed through the PostgreSQL outbox). When {@code true} the facade never calls the
     * {@code delete*} methods for those deletions, so each delete runs once; when {@code false}
     * (the default: in-memory, standalone Milvus) the facade calls them after the relational delete.
     */
    default boolean followsRelationalDeletes() {
        return false;
    }

    /**
     * Creates the storage for {@code space} if it does not exist yet.
     *
     * @throws dev.ragstore.core.error.ConflictException if a space of that name exists with another
     *         dimension, metric or vector type
     * @throws dev.ragstore.core.error.InvalidInputException if the metric or vector type is not supported
     */
    void createSpace(EmbeddingSpace space);

    /**
     * Inserts or replaces chunks (by chunk id) in {@code space}.
     *
     * @throws dev.ragstore.core.error.NotFoundException if the space was never created
     * @throws dev.ragstore.core.error.InvalidInputException if a vector has the wrong dimension;
     *         nothing of the batch is written
     */
    void upsert(String space, List<IndexedChunk> chunks);

    /** Removes the given chunks of {@code owner}; unknown ids are ignored. */
    void deleteChunks(String space, UserId owner, Collection<ChunkId> chunkIds);

    /** Removes every chunk of one document. */
    void deleteDocument(String space, UserId owner, DocumentId documentId);

    /** Removes every chunk of one knowledge base. */
    void deleteKnowledgeBase(String space, UserId owner, KnowledgeBaseId knowledgeBaseId);

    /** Removes every chunk of {@code owner} in every space. */
    void deleteOwner(UserId owner);

    /**
     * Searches one space. Only chunks of {@code query.ownerId()} in {@code query.knowledgeBases()}
     * that match the filter are considered. Returns at most {@code topK} hits, best first, none
     * scoring below {@code minScore}.
     *
     * @throws dev.ragstore.core.error.InvalidInputException if the mode is not in {@link #capabilities()}
     *         or a query vector has the wrong dimension
     */
    List<IndexHit> search(IndexQuery query);

    /** Releases connections the index holds; later calls fail. */
    @Override
    void close();
}
