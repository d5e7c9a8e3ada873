package dev.ragstore.core.apikey;

import java.time.Instant;
import java.util.List;

/** The API keys of one user. */
public interface ApiKeys {

    /**
     * Creates a key and returns it with its token, which is never available again.
     *
     * @param expiresAt          may be {@code null} (never expires); must be in the future
     * @param rateLimitPerMinute requests per minute, applied by {@code Accounts.authenticateApiKey}; 0 for
     *                           none (the host may apply its own default)
     */
    IssuedApiKey create(String name, Instant expiresAt, int rateLimitPerMinute);

    /** The user's keys ordered by id (hashes only). */
    List<ApiKey> list();

    /** @return whether the user had that key */
    boolean revoke(ApiKeyId id);
}
