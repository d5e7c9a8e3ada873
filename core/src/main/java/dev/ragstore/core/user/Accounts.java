package dev.ragstore.core.user;

import dev.ragstore.core.apikey.ApiKey;

import java.util.Optional;

/**
 * Authentication: passwords and API keys. Failures never say why (unknown user, wrong
 * password and inactive account all read as empty).
 */
public interface Accounts {

    /**
     * Verifies a password and records the login. A hash in an older format or with weaker
     * parameters (or one a {@link LegacyPasswordVerifier} accepts) is replaced by a current one.
     *
     * @return the user, or empty when the name is unknown, the password is wrong or the account is inactive
     */
    Optional<User> login(String username, String password);

    /**
     * Verifies an API key token ({@code prefix.secret}) in constant time and records its use.
     *
     * @return the key, or empty when it is unknown, wrong, expired, or its owner is inactive
     */
    Optional<ApiKey> authenticateApiKey(String token);
}
