package dev.ragstore.core.knowledge;

import dev.ragstore.core.page.Page;
import dev.ragstore.core.page.PageRequest;

import java.util.Map;
import java.util.Optional;

/**
 * The knowledge bases of one user. Another user's id reads as not found.
 */
public interface KnowledgeBases {

    /**
     * Creates a knowledge base bound to the store's embedding space.
     *
     * @throws dev.ragstore.core.error.ConflictException if the user has a live knowledge base of that name
     * @throws dev.ragstore.core.error.InvalidInputException for a bad name, description or metadata
     */
    KnowledgeBase create(String name, String description, Map<String, ?> metadata);

    /** A live (not soft-deleted) knowledge base. */
    Optional<KnowledgeBase> find(KnowledgeBaseId id);

    /** Live knowledge bases ordered by id, in the page's order. */
    Page<KnowledgeBase> list(PageRequest page);

    /**
     * The trash: soft-deleted knowledge bases ordered by id, in the page's order. Each can be
     * {@linkplain #restore restored} or {@linkplain #purge purged}.
     *
     * @since 0.2
     */
    Page<KnowledgeBase> listDeleted(PageRequest page);

    /**
     * Replaces name, description and metadata of a live knowledge base.
     *
     * @throws dev.ragstore.core.error.NotFoundException if there is no such live knowledge base
     */
    KnowledgeBase update(KnowledgeBaseId id, String name, String description, Map<String, ?> metadata);

    /**
     * Soft-deletes: hides the knowledge base and its documents from lists and search at once.
     *
     * @throws dev.ragstore.core.error.NotFoundException if there is no such live knowledge base
     */
    void delete(KnowledgeBaseId id);

    /**
     * Undoes a soft delete.
     *
     * @throws dev.ragstore.core.error.NotFoundException if there is no such soft-deleted knowledge base
     * @throws dev.ragstore.core.error.ConflictException if a live knowledge base has taken its name
     */
    KnowledgeBase restore(KnowledgeBaseId id);

    /**
     * Removes the knowledge base (live or soft-deleted), its documents, chunks and vectors for good.
     *
     * @throws dev.ragstore.core.error.NotFoundException if there is no such knowledge base
     */
    void purge(KnowledgeBaseId id);

    /**
     * Empties a live knowledge base in place: deletes all its documents, chunks and vectors (one
     * transaction on PostgreSQL) and keeps its id, name, description, metadata and embedding space.
     *
     * @return how many documents were deleted
     * @throws dev.ragstore.core.error.NotFoundException if there is no such live knowledge base
     */
    int clear(KnowledgeBaseId id);

    /** Document, chunk, page and byte counts of a live knowledge base. */
    Optional<KnowledgeBaseStats> stats(KnowledgeBaseId id);
}
