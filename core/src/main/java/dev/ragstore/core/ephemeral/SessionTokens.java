package dev.ragstore.core.ephemeral;

import dev.ragstore.core.user.UserId;

import java.time.Duration;
import java.util.Optional;

/**
 * Port: login session tokens with a time to live. Implementations are thread-safe.
 * Every method throws {@link dev.ragstore.core.error.StoreUnavailableException} (retryable) when
 * the backing store is down.
 */
public interface SessionTokens {

    /** Issues a new random token for {@code userId} that expires after {@code ttl} (1 second to 365 days). */
    SessionToken issue(UserId userId, Duration ttl);

    /** The live session of {@code token}, or empty when it is unknown, revoked or expired. */
    Optional<SessionToken> resolve(String token);

    /** Moves the expiry of a live token to now + {@code ttl}; returns the updated token, or empty when it is not live. */
    Optional<SessionToken> extend(String token, Duration ttl);

    /** @return whether the token was live */
    boolean revoke(String token);

    /** Revokes every live token of the user and returns how many there were. */
    int revokeAll(UserId userId);
}
