package dev.ragstore.core.chat;

import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.internal.Checks;
import dev.ragstore.core.user.UserId;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One message of a conversation tree. Messages with the same parent are branches
 * (edits and regenerations); history is the path from the root to a leaf. Once appended, only a
 * message's content and token count change ({@link Chats#updateMessage}), and deleting its author
 * clears {@link #authorId()} ({@link #withAuthorId}).
 *
 * @param authorId         the user who wrote it, or {@code null} (assistant/tool messages, or the
 *                         author was deleted)
 * @param parentId         the message this one answers, or {@code null} for a root
 * @param model            the model that produced it, or {@code null}
 * @param processingMillis how long producing it took, or 0
 * @param metadata         the caller's small JSON map stored with the message (the rules of document
 *                         metadata: keys {@code [A-Za-z0-9_.-]{1,64}}, at most 64 entries; String, Boolean,
 *                         Long, Double, UUID or List of Strings), e.g. what a framework bridge needs to
 *                         rebuild its own message type; empty when none
 */
public record Message(
        MessageId id,
        ChatSessionId sessionId,
        UserId authorId,
        MessageId parentId,
        MessageRole role,
        String content,
        int tokenCount,
        String model,
        List<Citation> citations,
        List<DocumentId> attachedDocumentIds,
        long processingMillis,
        Instant createdAt,
        Map<String, Object> metadata) {

    public Message {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(role, "role");
        Checks.text("message content", content, Checks.MAX_TEXT);
        Checks.nonNegative("message token count", tokenCount);
        Checks.optionalText("message model", model, Checks.MAX_NAME);
        citations = List.copyOf(citations);
        attachedDocumentIds = List.copyOf(attachedDocumentIds);
        Checks.nonNegative("message processing millis", processingMillis);
        Objects.requireNonNull(createdAt, "createdAt");
        metadata = Checks.metadata(metadata);
    }

    /** A message without metadata (the form before message metadata existed). */
    public Message(MessageId id, ChatSessionId sessionId, UserId authorId, MessageId parentId, MessageRole role,
            String content, int tokenCount, String model, List<Citation> citations, List<DocumentId> attachedDocumentIds,
            long processingMillis, Instant createdAt) {
        this(id, sessionId, authorId, parentId, role, content, tokenCount, model, citations, attachedDocumentIds,
                processingMillis, createdAt, Map.of());
    }

    /** A copy with another {@code authorId} (may be {@code null}), checked as the canonical constructor checks it. */
    public Message withAuthorId(UserId authorId) {
        return new Message(id, sessionId, authorId, parentId, role, content, tokenCount, model, citations,
                attachedDocumentIds, processingMillis, createdAt, metadata);
    }
}
