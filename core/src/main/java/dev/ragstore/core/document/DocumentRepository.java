package dev.ragstore.core.document;

import dev.ragstore.core.chat.ChatSessionId;
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
     * to the owner's usage on {@code usageDay}, in the same atomic step.
     *
     * @throws dev.ragstore.core.error.NotFoundException if the knowledge base or chat session does
     *         not exist for the owner
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

    /** The result of {@link #insertIfAbsent}. */
    record DocumentInsert(Document document, boolean created) {
    }
}
