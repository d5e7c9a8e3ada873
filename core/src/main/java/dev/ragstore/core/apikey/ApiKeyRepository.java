package dev.ragstore.core.apikey;

import dev.ragstore.core.user.UserId;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Port: stores API keys (hashes only). Implementations are thread-safe. */
public interface ApiKeyRepository {

    /** @throws dev.ragstore.core.error.ConflictException rule {@code api_key.prefix.unique} */
    ApiKey insert(ApiKey key);

    /** Looks a key up by its public prefix, across all users (used to authenticate). */
    Optional<ApiKey> findByPrefix(String prefix);

    /** The owner's keys ordered by id. */
    List<ApiKey> list(UserId owner);

    /** @return whether the owner had that key */
    boolean delete(UserId owner, ApiKeyId id);

    /** Records a use of the key; unknown ids are ignored. */
    void touch(ApiKeyId id, Instant usedAt);
}
