package dev.ragstore.core.model;

import dev.ragstore.core.internal.Checks;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.user.UserId;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A named RAG configuration: an LLM endpoint, its API key and the knowledge bases it draws on.
 * The API key is held only sealed (AES-GCM under the host's key); {@link #toString()} never
 * shows it. The {@code with...} methods copy it with one component changed; the id, owner and
 * creation time have none, since they never change.
 *
 * @param sealedApiKey the AES-GCM ciphertext of the key (nonce included), or an empty array when there is none
 */
public record ModelProfile(
        ModelProfileId id,
        UserId ownerId,
        String name,
        String endpoint,
        byte[] sealedApiKey,
        String description,
        ModelStatus status,
        List<KnowledgeBaseId> knowledgeBaseIds,
        Instant createdAt,
        Instant updatedAt) {

    public ModelProfile {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(ownerId, "ownerId");
        Checks.name("model profile name", name);
        Checks.text("model profile endpoint", endpoint, Checks.MAX_DESCRIPTION);
        sealedApiKey = sealedApiKey.clone();
        Checks.text("model profile description", description, Checks.MAX_DESCRIPTION);
        Objects.requireNonNull(status, "status");
        knowledgeBaseIds = List.copyOf(knowledgeBaseIds);
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** A copy with another {@code name}, checked as the canonical constructor checks it. */
    public ModelProfile withName(String name) {
        return new ModelProfile(id, ownerId, name, endpoint, sealedApiKey, description, status, knowledgeBaseIds,
                createdAt, updatedAt);
    }

    /** A copy with another {@code endpoint}, checked as the canonical constructor checks it. */
    public ModelProfile withEndpoint(String endpoint) {
        return new ModelProfile(id, ownerId, name, endpoint, sealedApiKey, description, status, knowledgeBaseIds,
                createdAt, updatedAt);
    }

    /** A copy with another {@code sealedApiKey} (copied), checked as the canonical constructor checks it. */
    public ModelProfile withSealedApiKey(byte[] sealedApiKey) {
        return new ModelProfile(id, ownerId, name, endpoint, sealedApiKey, description, status, knowledgeBaseIds,
                createdAt, updatedAt);
    }

    /** A copy with another {@code description}, checked as the canonical constructor checks it. */
    public ModelProfile withDescription(String description) {
        return new ModelProfile(id, ownerId, name, endpoint, sealedApiKey, description, status, knowledgeBaseIds,
                createdAt, updatedAt);
    }

    /** A copy with another {@code status}, checked as the canonical constructor checks it. */
    public ModelProfile withStatus(ModelStatus status) {
        return new ModelProfile(id, ownerId, name, endpoint, sealedApiKey, description, status, knowledgeBaseIds,
                createdAt, updatedAt);
    }

    /** A copy with another {@code knowledgeBaseIds}, checked as the canonical constructor checks it. */
    public ModelProfile withKnowledgeBaseIds(List<KnowledgeBaseId> knowledgeBaseIds) {
        return new ModelProfile(id, ownerId, name, endpoint, sealedApiKey, description, status, knowledgeBaseIds,
                createdAt, updatedAt);
    }

    /** A copy with another {@code updatedAt}, checked as the canonical constructor checks it. */
    public ModelProfile withUpdatedAt(Instant updatedAt) {
        return new ModelProfile(id, ownerId, name, endpoint, sealedApiKey, description, status, knowledgeBaseIds,
                createdAt, updatedAt);
    }

    /** A copy of the sealed key. */
    @Override
    public byte[] sealedApiKey() {
        return sealedApiKey.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ModelProfile p && id.equals(p.id) && ownerId.equals(p.ownerId) && name.equals(p.name)
                && endpoint.equals(p.endpoint) && Arrays.equals(sealedApiKey, p.sealedApiKey)
                && description.equals(p.description) && status == p.status
                && knowledgeBaseIds.equals(p.knowledgeBaseIds) && createdAt.equals(p.createdAt)
                && updatedAt.equals(p.updatedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, name, status);
    }

    @Override
    public String toString() {
        return "ModelProfile[id=" + id + ", ownerId=" + ownerId + ", name=" + name + ", endpoint=" + endpoint
                + ", apiKey=***, description=" + description + ", status=" + status
                + ", knowledgeBaseIds=" + knowledgeBaseIds + ", createdAt=" + createdAt + ", updatedAt=" + updatedAt + "]";
    }
}
