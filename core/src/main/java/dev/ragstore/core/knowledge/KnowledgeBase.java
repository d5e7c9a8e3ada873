package dev.ragstore.core.knowledge;

import dev.ragstore.core.internal.Checks;
import dev.ragstore.core.user.UserId;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A named collection of documents owned by one user and bound to one embedding space.
 * A soft-deleted knowledge base ({@code deletedAt != null}) is hidden from lists and search at
 * once; purging removes it and everything in it.
 *
 * @param embeddingSpace name of the {@link dev.ragstore.core.chunk.EmbeddingSpace} its chunks are embedded in
 * @param deletedAt      when it was soft-deleted, or {@code null}
 */
public record KnowledgeBase(
        KnowledgeBaseId id,
        UserId ownerId,
        String name,
        String description,
        String embeddingSpace,
        Map<String, Object> metadata,
        Instant deletedAt,
        Instant createdAt,
        Instant updatedAt) {

    public KnowledgeBase {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(ownerId, "ownerId");
        Checks.name("knowledge base name", name);
        Checks.text("knowledge base description", description, Checks.MAX_DESCRIPTION);
        Objects.requireNonNull(embeddingSpace, "embeddingSpace");
        metadata = Checks.metadata(metadata);
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    public boolean deleted() {
        return deletedAt != null;
    }
}
