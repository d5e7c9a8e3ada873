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
 * messages, even under concurrent appends. The {@code with...} methods copy it with one component
 * changed; the id, owner and creation time have none, since they never change.
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

    /** A copy with another {@code title}, checked as the canonical constructor checks it. */
    public ChatSession withTitle(String title) {
        return new ChatSession(id, ownerId, title, description, modelConfig, knowledgeBaseIds, totalMessages,
                totalTokens, lastActivityAt, createdAt, updatedAt);
    }

    /** A copy with another {@code description}, checked as the canonical constructor checks it. */
    public ChatSession withDescription(String description) {
        return new ChatSession(id, ownerId, title, description, modelConfig, knowledgeBaseIds, totalMessages,
                totalTokens, lastActivityAt, createdAt, updatedAt);
    }

    /** A copy with another {@code modelConfig}, checked as the canonical constructor checks it. */
    public ChatSession withModelConfig(Map<String, Object> modelConfig) {
        return new ChatSession(id, ownerId, title, description, modelConfig, knowledgeBaseIds, totalMessages,
                totalTokens, lastActivityAt, createdAt, updatedAt);
    }

    /** A copy with another {@code knowledgeBaseIds}, checked as the canonical constructor checks it. */
    public ChatSession withKnowledgeBaseIds(List<KnowledgeBaseId> knowledgeBaseIds) {
        return new ChatSession(id, ownerId, title, description, modelConfig, knowledgeBaseIds, totalMessages,
                totalTokens, lastActivityAt, createdAt, updatedAt);
    }

    /** A copy with another {@code totalMessages}, checked as the canonical constructor checks it. */
    public ChatSession withTotalMessages(long totalMessages) {
        return new ChatSession(id, ownerId, title, description, modelConfig, knowledgeBaseIds, totalMessages,
                totalTokens, lastActivityAt, createdAt, updatedAt);
    }

    /** A copy with another {@code totalTokens}, checked as the canonical constructor checks it. */
    public ChatSession withTotalTokens(long totalTokens) {
        return new ChatSession(id, ownerId, title, description, modelConfig, knowledgeBaseIds, totalMessages,
                totalTokens, lastActivityAt, createdAt, updatedAt);
    }

    /** A copy with another {@code lastActivityAt}, checked as the canonical constructor checks it. */
    public ChatSession withLastActivityAt(Instant lastActivityAt) {
        return new ChatSession(id, ownerId, title, description, modelConfig, knowledgeBaseIds, totalMessages,
                totalTokens, lastActivityAt, createdAt, updatedAt);
    }

    /** A copy with another {@code updatedAt}, checked as the canonical constructor checks it. */
    public ChatSession withUpdatedAt(Instant updatedAt) {
        return new ChatSession(id, ownerId, title, description, modelConfig, knowledgeBaseIds, totalMessages,
                totalTokens, lastActivityAt, createdAt, updatedAt);
    }
}
