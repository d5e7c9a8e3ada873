package dev.ragstore.core.ephemeral;

import dev.ragstore.core.user.UserId;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A login session: a token bound to a user until it expires, with a small JSON payload the host
 * chose (device, client, claims of a registered JWT). {@link #toString()} masks the token and
 * names only the payload's keys.
 *
 * @param token   issued by RagStore (random) or minted by the host and registered
 * @param payload a JSON object of metadata-typed values (see {@link SessionTokens}); empty when none
 */
public record SessionToken(String token, UserId userId, Instant issuedAt, Instant expiresAt, Map<String, Object> payload) {

    public SessionToken {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        payload = dev.ragstore.core.internal.Checks.metadata(payload);
    }

    /** A session without payload. */
    public SessionToken(String token, UserId userId, Instant issuedAt, Instant expiresAt) {
        this(token, userId, issuedAt, expiresAt, Map.of());
    }

    /** A copy with another expiry, keeping the payload. */
    public SessionToken withExpiresAt(Instant expiresAt) {
        return new SessionToken(token, userId, issuedAt, expiresAt, payload);
    }

    @Override
    public String toString() {
        return "SessionToken[token=" + token.substring(0, Math.min(4, token.length())) + "***, userId=" + userId
                + ", issuedAt=" + issuedAt + ", expiresAt=" + expiresAt + ", payloadKeys=" + payload.keySet() + "]";
    }
}
