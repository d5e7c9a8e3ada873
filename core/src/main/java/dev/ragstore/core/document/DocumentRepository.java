package dev.ragstore.core.document;

import dev.ragstore.core.chat.ChatSessionId;
import dev.ragstore.core.filter.Filter;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.page.Page;
import dev.ragstore.core.page.PageRequest;
import dev.ragstore.core.user.UserId;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Port: stores documents. Every method is restricted to {@code owner}. Implementations are
 * thread-safe.
 */
public interface DocumentRepository {

    /**
     * Stores {@code document} unless its knowledge base already holds one with the same content
     * hash, in which case that one is returned. A new document adds one document (and no tokens)
     * to the owner's usage on {@code usageDay}, in the same atomic step. A new document must fit
     * the owner's plan: the documents the owner stores (in knowledge bases live or soft-deleted)
     * stay at or below the plan's {@code documentLimit} (no limit without a plan). The check is
     * part of the same atomic step, so concurrent inserts never pass the limit together. Every
     * adapter applies this limit to every write that creates a document, not only to this method.
     *
     * @throws dev.ragstore.core.error.NotFoundException if the knowledge base or chat session does
     *         not exist for the owner
     * @throws dev.ragstore.core.error.QuotaExceededException quota {@code "documents"}; nothing is written
     */
    DocumentInsert insertIfAbsent(Document document, LocalDate usageDay);

    Optional<Document> findById(UserId owner, DocumentId id);

    /** Documents of one knowledge base ordered by id. */
    Page<Document> list(UserId owner, KnowledgeBaseId knowledgeBaseId, PageRequest page);

    /**
     * The owner's documents of <em>live</em> knowledge bases matching {@code query}, ordered by id
     * in the page's order.
     *
     * @since 0.2
     */
    Page<Document> listByOwner(UserId owner, DocumentQuery query, PageRequest page);

    /** Documents attached to one chat session, ordered by id. */
    List<Document> listBySession(UserId owner, ChatSessionId sessionId);

    /**
     * Replaces extracted text, pages, status, error message, embedding model, tokens used,
     * metadata and updatedAt.
     *
     * @throws dev.ragstore.core.error.NotFoundException if the owner has no such document
     */
    Document update(Document document);

    /**
     * Removes the document and its chunks.
     *
     * @return whether it existed
     */
    boolean delete(UserId owner, DocumentId id);

    /**
     * Removes, in one atomic step, every document of the owner's knowledge base that has a chunk
     * matching {@code filter} (a {@code null} filter: every document, chunks or not), with their
     * chunks.
     *
     * @return the ids of the deleted documents
     */
    List<DocumentId> deleteWhere(UserId owner, KnowledgeBaseId knowledgeBaseId, Filter filter);

    /** The result of {@link #insertIfAbsent}. */
    record DocumentInsert(Document document, boolean created) {
    }
}
