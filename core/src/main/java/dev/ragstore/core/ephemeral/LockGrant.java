package dev.ragstore.core.ephemeral;

import java.time.Instant;
import java.util.Objects;

/**
 * A held lock. Only the holder of {@code ownerToken} may release or renew it. {@code fence}
 * increases with every grant of the same resource, so a store can reject writes from a holder
 * whose lock has since expired and been granted again.
 */
public record LockGrant(String resource, String ownerToken, long fence, Instant expiresAt) {

    public LockGrant {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(ownerToken, "ownerToken");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
