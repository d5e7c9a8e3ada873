package dev.ragstore.core.chat;

import dev.ragstore.core.internal.Checks;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.user.UserId;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A conversation. {@code totalMessages} and {@code totalTokens} always equal the sum over its
 * messages, even under concurrent appends.
 *
 * @param modelConfig free-form model settings (model, temperature, max tokens, ...)
 */
public record ChatSession(
        ChatSessionId id,
        UserId ownerId,
        String title,
        String description,
        Map<String, Object> modelConfig,
        List<dev.ragstore.core.knowledge.KnowledgeBaseId> knowledgeBaseIds,
        long totalMessages,
        long totalTokens,
        Instant lastActivityAt,
        Instant createdAt,
        Instant updatedAt) {

    public ChatSession {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(ownerId, "ownerId");
        Checks.name("chat session title", title);
        Checks.text("chat session description", description, Checks.MAX_DESCRIPTION);
        modelConfig = Checks.metadata(modelConfig);
        knowledgeBaseIds = List.copyOf(knowledgeBaseIds);
        Objects.requireNonNull(lastActivityAt, "lastActivityAt");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
