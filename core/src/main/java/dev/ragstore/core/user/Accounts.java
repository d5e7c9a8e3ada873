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
     * @return the user, or empty when the name is unknown, the password is wrong, the account has
     *         no password (SSO) or is inactive
     */
    Optional<User> login(String username, String password);

    /**
     * {@link #login} by the account's email address (exact match, as stored). An account without
     * a password (SSO) never logs in with one: it reads as empty like a wrong password, at the cost
     * of the same dummy hash check, so the answer does not tell which accounts exist.
     *
     * @return the user, or empty when the address is unknown, the password is wrong, the account
     *         has no password or is inactive
     * @since 0.2
     */
    Optional<User> loginByEmail(String email, String password);

    /**
     * Verifies an API key token ({@code prefix.secret}) in constant time and records its use. A
     * key with a rate limit ({@link ApiKey#rateLimitPerMinute()} above 0) takes one permit of the
     * store's rate limiter per call once the token is verified; a refused call records no use.
     *
     * @return the key, or empty when it is unknown, wrong, expired, or its owner is inactive
     * @throws dev.ragstore.core.error.RateLimitExceededException when the key's requests in the
     *         last minute already reached its limit (carries the limit and when to retry)
     */
    Optional<ApiKey> authenticateApiKey(String token);
}
