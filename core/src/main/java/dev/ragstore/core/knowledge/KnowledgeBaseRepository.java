package dev.ragstore.core.knowledge;

import dev.ragstore.core.page.Page;
import dev.ragstore.core.page.PageRequest;
import dev.ragstore.core.user.UserId;

import java.time.Instant;
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

    /** The owner's soft-deleted knowledge bases only, ordered by id in the page's order. @since 0.2 */
    Page<KnowledgeBase> listDeleted(UserId owner, PageRequest page);

    /**
     * Replaces name, description, metadata and updatedAt of a <em>live</em> knowledge base, in one
     * step conditioned on it not being soft-deleted ({@code deleted_at IS NULL}): an update racing
     * a soft delete either lands before it or fails, and never brings the knowledge base back.
     * The argument's {@code deletedAt} is ignored; soft delete and restore are
     * {@link #softDelete} and {@link #restore}.
     *
     * @throws dev.ragstore.core.error.NotFoundException if the owner has no such knowledge base or it is soft-deleted
     * @throws dev.ragstore.core.error.ConflictException rule {@code knowledge_base.name.unique}
     */
    KnowledgeBase update(KnowledgeBase knowledgeBase);

    /**
     * Soft-deletes a live knowledge base: sets {@code deletedAt} and {@code updatedAt} to
     * {@code at} in one step conditioned on it being live; writes nothing else.
     *
     * @return the knowledge base as stored after the write, or empty when the owner has no such
     *         live knowledge base (absent, or already soft-deleted)
     */
    Optional<KnowledgeBase> softDelete(UserId owner, KnowledgeBaseId id, Instant at);

    /**
     * Restores a soft-deleted knowledge base: clears {@code deletedAt} and sets {@code updatedAt}
     * in one step conditioned on it being deleted; writes nothing else.
     *
     * @return the knowledge base as stored after the write, or empty when the owner has no such
     *         soft-deleted knowledge base
     * @throws dev.ragstore.core.error.ConflictException rule {@code knowledge_base.name.unique}
     *         when a live knowledge base of the owner has its name
     */
    Optional<KnowledgeBase> restore(UserId owner, KnowledgeBaseId id, Instant at);

    /**
     * Removes the knowledge base with its documents and chunks.
     *
     * @return whether it existed
     */
    boolean delete(UserId owner, KnowledgeBaseId id);

    /** Counts derived from its documents and chunks; empty when the owner has no such knowledge base. */
    Optional<KnowledgeBaseStats> stats(UserId owner, KnowledgeBaseId id);
}
