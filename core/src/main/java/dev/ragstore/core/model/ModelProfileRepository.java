package dev.ragstore.core.model;

import dev.ragstore.core.user.UserId;

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
     * Replaces name, endpoint, sealed key, description, status, knowledge bases and updatedAt.
     *
     * @throws dev.ragstore.core.error.NotFoundException if the owner has no such profile or knowledge base
     */
    ModelProfile update(ModelProfile profile);

    /** @return whether it existed */
    boolean delete(UserId owner, ModelProfileId id);
}
