package dev.ragstore.core.ephemeral;

import java.time.Duration;
import java.util.Optional;

/**
 * Port: distributed locks with a time to live and an owner token. At most one live grant
 * exists per resource. Implementations are thread-safe.
 * Every method throws {@link dev.ragstore.core.error.StoreUnavailableException} (retryable) when
 * the backing store is down.
 */
public interface Locks {

    /** Takes the lock at once if it is free; empty when someone else holds it. */
    Optional<LockGrant> tryAcquire(String resource, Duration ttl);

    /** Like {@link #tryAcquire(String, Duration)} but waits up to {@code wait} for the lock to free up. */
    Optional<LockGrant> tryAcquire(String resource, Duration ttl, Duration wait);

    /** Releases the lock if {@code grant} still holds it; returns whether it did. */
    boolean release(LockGrant grant);

    /** Extends the lock to now + {@code ttl} if {@code grant} still holds it. */
    Optional<LockGrant> renew(LockGrant grant, Duration ttl);
}
