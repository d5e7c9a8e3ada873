package dev.ragstore.core.model;

import dev.ragstore.core.document.Document;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.page.Page;
import dev.ragstore.core.page.PageRequest;

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

    /**
     * Replaces name, endpoint, description and knowledge bases; keeps status, API key and links.
     *
     * @throws dev.ragstore.core.error.NotFoundException for an unknown profile, or a knowledge base that is not the user's
     * @throws dev.ragstore.core.error.ConflictException rule {@code model_profile.name.unique}
     * @throws dev.ragstore.core.error.InvalidInputException for a bad name, endpoint or description
     * @since 0.2
     */
    ModelProfile update(ModelProfileId id, String name, String endpoint, String description,
            List<KnowledgeBaseId> knowledgeBases);

    /**
     * Replaces the API key: the new key is sealed and overwrites the old ciphertext in the same
     * write, so the old key cannot be revealed afterwards (nor restored by a racing update).
     *
     * @param apiKey the new key, or {@code null} to remove the key
     * @throws dev.ragstore.core.error.NotFoundException for an unknown profile
     * @throws dev.ragstore.core.error.InvalidInputException for a blank key, or a key without a configured sealing key
     * @since 0.2
     */
    ModelProfile rotateApiKey(ModelProfileId id, String apiKey);

    /** @throws dev.ragstore.core.error.NotFoundException for an unknown profile */
    void delete(ModelProfileId id);

    /**
     * Links a document of a live knowledge base to the profile as a training document. Linking
     * twice is harmless. The link goes when either the profile or the document is deleted.
     *
     * @return whether the link is new
     * @throws dev.ragstore.core.error.NotFoundException for an unknown profile or document (another user's reads as unknown)
     * @since 0.2
     */
    boolean linkDocument(ModelProfileId id, DocumentId documentId);

    /**
     * Removes a link.
     *
     * @return whether there was one
     * @throws dev.ragstore.core.error.NotFoundException for an unknown profile
     * @since 0.2
     */
    boolean unlinkDocument(ModelProfileId id, DocumentId documentId);

    /**
     * The profile's linked documents (of live knowledge bases), ordered by document id in the page's order.
     *
     * @throws dev.ragstore.core.error.NotFoundException for an unknown profile
     * @since 0.2
     */
    Page<Document> linkedDocuments(ModelProfileId id, PageRequest page);

    /**
     * The profiles a document is linked to, ordered by id.
     *
     * @throws dev.ragstore.core.error.NotFoundException for an unknown document
     * @since 0.2
     */
    List<ModelProfile> linkedProfiles(DocumentId documentId);
}
