package dev.ragstore.core.model;

import dev.ragstore.core.knowledge.KnowledgeBaseId;

import java.util.List;
import java.util.Optional;

/**
 * The model profiles of one user. API keys are sealed with the store's sealing key before they
 * are stored, and only {@link #revealApiKey} returns them in clear.
 */
public interface ModelProfiles {

    /**
     * Creates a profile in status {@code TRAINING}.
     *
     * @param apiKey the endpoint's key, or {@code null} for none
     * @throws dev.ragstore.core.error.InvalidInputException if a key is given but no sealing key was configured
     * @throws dev.ragstore.core.error.NotFoundException if a knowledge base is not the user's
     */
    ModelProfile create(String name, String endpoint, String apiKey, String description, List<KnowledgeBaseId> knowledgeBases);

    Optional<ModelProfile> find(ModelProfileId id);

    List<ModelProfile> list();

    /** @throws dev.ragstore.core.error.NotFoundException for an unknown profile */
    ModelProfile setStatus(ModelProfileId id, ModelStatus status);

    /** The profile's API key in clear, or empty when it has none. @throws dev.ragstore.core.error.NotFoundException for an unknown profile */
    Optional<String> revealApiKey(ModelProfileId id);

    /** @throws dev.ragstore.core.error.NotFoundException for an unknown profile */
    void delete(ModelProfileId id);
}
