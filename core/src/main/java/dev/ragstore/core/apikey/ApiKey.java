package dev.ragstore.core.apikey;

import dev.ragstore.core.user.UserId;

import java.time.Instant;
import java.util.Objects;

/**
 * A stored API key. Only the prefix (shown to users to tell keys apart) and a hash of the
 * secret are kept; the secret itself is returned once, by {@link IssuedApiKey}.
 *
 * @param rateLimitPerMinute requests per minute the key may make, applied on each authentication, or 0
 *                           for none (the host may apply its own default)
 * @param expiresAt          may be {@code null} (never expires)
 * @param lastUsedAt         may be {@code null}
 */
public record ApiKey(
        ApiKeyId id,
        UserId ownerId,
        String name,
        String prefix,
        String secretHash,
        int rateLimitPerMinute,
        Instant expiresAt,
        Instant lastUsedAt,
        Instant createdAt) {

    public ApiKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(ownerId, "ownerId");
        dev.ragstore.core.internal.Checks.name("api key name", name);
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(secretHash, "secretHash");
        dev.ragstore.core.internal.Checks.nonNegative("api key rate limit", rateLimitPerMinute);
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** Whether the key has expired at {@code now}. */
    public boolean expiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    @Override
    public String toString() {
        return "ApiKey[id=" + id + ", ownerId=" + ownerId + ", name=" + name + ", prefix=" + prefix
                + ", secretHash=***, rateLimitPerMinute=" + rateLimitPerMinute + ", expiresAt=" + expiresAt
                + ", lastUsedAt=" + lastUsedAt + ", createdAt=" + createdAt + "]";
    }
}
