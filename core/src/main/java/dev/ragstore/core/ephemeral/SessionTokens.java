package dev.ragstore.core.ephemeral;

import dev.ragstore.core.user.UserId;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Port: login session tokens with a time to live, each carrying a small JSON payload.
 * Implementations are thread-safe. Every method throws
 * {@link dev.ragstore.core.error.StoreUnavailableException} (retryable) when the backing store is
 * down.
 *
 * <p>A payload follows the metadata rules (keys {@code [A-Za-z0-9_.-]{1,64}}; String, Boolean,
 * Long, Double, UUID or List of String values) and is at most 4,096 bytes of JSON; a bad one is an
 * {@link dev.ragstore.core.error.InvalidInputException} naming {@code session payload} or the
 * metadata key, and nothing is stored.
 */
public interface SessionTokens {

    /** Issues a new random token for {@code userId} without payload that expires after {@code ttl} (1 second to 365 days). */
    default SessionToken issue(UserId userId, Duration ttl) {
        return issue(userId, ttl, Map.of());
    }

    /**
     * Issues a new random token for {@code userId} carrying {@code payload}, expiring after
     * {@code ttl} (1 second to 365 days).
     *
     * @since 0.2
     */
    SessionToken issue(UserId userId, Duration ttl, Map<String, ?> payload);

    /**
     * Registers a token minted elsewhere (e.g. a host's JWT) for {@code userId} until
     * {@code expiresAt}, carrying {@code payload}; it then resolves, extends and revokes like an
     * issued one. The token is kept only as its SHA-256 where the adapter persists it (Redis).
     *
     * @param token     16 to 4,096 printable ASCII characters without spaces (never echoed in errors)
     * @param expiresAt after the current time and at most 365 days later
     * @throws dev.ragstore.core.error.ConflictException rule {@code session_token.unique} if the
     *         token is already live
     * @throws dev.ragstore.core.error.InvalidInputException for a token, expiry or payload breaking its rule
     * @since 0.2
     */
    SessionToken register(String token, UserId userId, Instant expiresAt, Map<String, ?> payload);

    /** The live session of {@code token}, with its payload, or empty when it is unknown, revoked or expired. */
    Optional<SessionToken> resolve(String token);

    /** Moves the expiry of a live token to now + {@code ttl}, keeping its payload; returns the updated token, or empty when it is not live. */
    Optional<SessionToken> extend(String token, Duration ttl);

    /** @return whether the token was live */
    boolean revoke(String token);

    /** Revokes every live token of the user and returns how many there were. */
    int revokeAll(UserId userId);
}
