package dev.ragstore.core.model;

import dev.ragstore.core.document.Document;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.page.Page;
import dev.ragstore.core.page.PageRequest;
import dev.ragstore.core.user.UserId;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Port: stores model profiles (with their API keys sealed). Every method is restricted to
 * {@code owner}. Implementations are thread-safe.
 */
public interface ModelProfileRepository {

    /**
     * @throws dev.ragstore.core.error.ConflictException rule {@code model_profile.name.unique}
     * @throws dev.ragstore.core.error.NotFoundException if a knowledge base does not exist for the owner
     */
    ModelProfile insert(ModelProfile profile);

    Optional<ModelProfile> findById(UserId owner, ModelProfileId id);

    /** The owner's profiles ordered by id. */
    List<ModelProfile> list(UserId owner);

    /**
     * Replaces name, endpoint, description, status, knowledge bases and updatedAt. The sealed key
     * is <em>not</em> written (the argument's is ignored): only {@link #replaceSealedApiKey} changes
     * it, so an update racing a key rotation can never write the old key back.
     *
     * @throws dev.ragstore.core.error.NotFoundException if the owner has no such profile or knowledge base
     * @throws dev.ragstore.core.error.ConflictException rule {@code model_profile.name.unique}
     */
    ModelProfile update(ModelProfile profile);

    /**
     * Overwrites the sealed API key (an empty array for none) and sets updatedAt, in one step that
     * writes nothing else; the previous ciphertext is no longer stored in the row.
     *
     * @return the profile as stored after the write, or empty when the owner has no such profile
     * @since 0.2
     */
    Optional<ModelProfile> replaceSealedApiKey(UserId owner, ModelProfileId id, byte[] sealedApiKey, Instant at);

    /** @return whether it existed; its document links go with it */
    boolean delete(UserId owner, ModelProfileId id);

    /**
     * Links a document to the profile (a training document). Idempotent. The link goes when either
     * side is deleted (a document also when its knowledge base is purged or its session deleted).
     *
     * @return whether the link is new
     * @throws dev.ragstore.core.error.NotFoundException if the owner has no such profile or document
     * @since 0.2
     */
    boolean linkDocument(UserId owner, ModelProfileId profileId, DocumentId documentId, Instant at);

    /**
     * Removes a link.
     *
     * @return whether there was one
     * @since 0.2
     */
    boolean unlinkDocument(UserId owner, ModelProfileId profileId, DocumentId documentId);

    /**
     * The documents linked to the profile whose knowledge base is live, ordered by document id in
     * the page's order; empty when the owner has no such profile.
     *
     * @since 0.2
     */
    Page<Document> linkedDocuments(UserId owner, ModelProfileId profileId, PageRequest page);

    /** The owner's profiles linked to the document, ordered by id. @since 0.2 */
    List<ModelProfile> linkedProfiles(UserId owner, DocumentId documentId);
}
