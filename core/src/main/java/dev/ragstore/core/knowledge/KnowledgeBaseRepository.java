package dev.ragstore.core.knowledge;

import dev.ragstore.core.page.Page;
import dev.ragstore.core.page.PageRequest;
import dev.ragstore.core.user.UserId;

import java.util.Optional;

/**
 * Port: stores knowledge bases. Every method is restricted to {@code owner}: another owner's
 * id reads as absent. Implementations are thread-safe.
 */
public interface KnowledgeBaseRepository {

    /**
     * @throws dev.ragstore.core.error.ConflictException rule {@code knowledge_base.name.unique}
     *         when the owner has a live knowledge base of that name
     */
    KnowledgeBase insert(KnowledgeBase knowledgeBase);

    /** Finds one, soft-deleted or not. */
    Optional<KnowledgeBase> findById(UserId owner, KnowledgeBaseId id);

    /** The owner's knowledge bases ordered by id, soft-deleted ones only when asked. */
    Page<KnowledgeBase> list(UserId owner, PageRequest page, boolean includeDeleted);

    /**
     * Replaces name, description, metadata, deletedAt and updatedAt.
     *
     * @throws dev.ragstore.core.error.NotFoundException if the owner has no such knowledge base
     * @throws dev.ragstore.core.error.ConflictException rule {@code knowledge_base.name.unique}
     */
    KnowledgeBase update(KnowledgeBase knowledgeBase);

    /**
     * Removes the knowledge base with its documents and chunks.
     *
     * @return whether it existed
     */
    boolean delete(UserId owner, KnowledgeBaseId id);

    /** Counts derived from its documents and chunks; empty when the owner has no such knowledge base. */
    Optional<KnowledgeBaseStats> stats(UserId owner, KnowledgeBaseId id);
}
