package dev.ragstore.core.ephemeral;

import dev.ragstore.core.user.UserId;

import java.time.Instant;
import java.util.Objects;

/** A login session: an opaque random token bound to a user until it expires. {@link #toString()} masks the token. */
public record SessionToken(String token, UserId userId, Instant issuedAt, Instant expiresAt) {

    public SessionToken {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String toString() {
        return "SessionToken[token=" + token.substring(0, Math.min(4, token.length())) + "***, userId=" + userId
                + ", issuedAt=" + issuedAt + ", expiresAt=" + expiresAt + "]";
    }
}
