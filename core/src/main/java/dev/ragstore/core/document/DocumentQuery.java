package dev.ragstore.core.document;

import dev.ragstore.core.chat.ChatSessionId;
import dev.ragstore.core.internal.Checks;

/**
 * Which of a user's documents {@link Documents#list(DocumentQuery, dev.ragstore.core.page.PageRequest)} returns: those of
 * every live knowledge base, narrowed by each condition that is set (all must hold). Start from
 * {@link #all()} and narrow with the {@code with...} methods.
 *
 * @param mimeType      only documents of this exact mime type, or {@code null} for any
 * @param status        only documents in this status, or {@code null} for any
 * @param chatSessionId only documents attached to this chat session, or {@code null} for any
 * @since 0.2
 */
public record DocumentQuery(String mimeType, DocumentStatus status, ChatSessionId chatSessionId) {

    private static final DocumentQuery ALL = new DocumentQuery(null, null, null);

    public DocumentQuery {
        if (mimeType != null) {
            Checks.name("document mime type", mimeType);
        }
    }

    /** Every document of the user's live knowledge bases. */
    public static DocumentQuery all() {
        return ALL;
    }

    /** This query narrowed to one mime type (compared exactly, e.g. {@code application/pdf}). */
    public DocumentQuery withMimeType(String mimeType) {
        return new DocumentQuery(java.util.Objects.requireNonNull(mimeType, "mimeType"), status, chatSessionId);
    }

    /** This query narrowed to one status. */
    public DocumentQuery withStatus(DocumentStatus status) {
        return new DocumentQuery(mimeType, java.util.Objects.requireNonNull(status, "status"), chatSessionId);
    }

    /** This query narrowed to the documents attached to one chat session. */
    public DocumentQuery withChatSession(ChatSessionId chatSessionId) {
        return new DocumentQuery(mimeType, status, java.util.Objects.requireNonNull(chatSessionId, "chatSessionId"));
    }
}
