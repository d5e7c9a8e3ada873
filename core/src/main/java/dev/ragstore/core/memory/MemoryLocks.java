package dev.ragstore.core.memory;

import dev.ragstore.core.ephemeral.LockGrant;
import dev.ragstore.core.ephemeral.Locks;
import dev.ragstore.core.internal.Checks;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Locks in memory. A grant is live while the clock is before its expiry; at most one live grant
 * exists per resource. Owner tokens are 16 random bytes (SecureRandom); fences count grants per
 * resource from 1 and never go back, also across expiry (one counter is kept per resource ever
 * locked). A waiting {@link #tryAcquire(String, Duration, Duration)} measures its wait in real
 * time and re-checks at least every {@value #POLL_MILLIS} ms, so it also notices expiry on an
 * injected clock. Thread-safe.
 */
final class MemoryLocks implements Locks {

    static final Duration MIN_TTL = Duration.ofMillis(1);
    static final Duration MAX_TTL = Duration.ofDays(1);
    static final Duration MAX_WAIT = Duration.ofDays(1);
    private static final long POLL_MILLIS = 5;
    private static final int TOKEN_BYTES = 16;

    private final Clock clock;
    private final SecureRandom random;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition released = lock.newCondition();
    private final Map<String, LockGrant> grants = new HashMap<>();
    private final Map<String, Long> fences = new HashMap<>();

    MemoryLocks(Clock clock, SecureRandom random) {
        this.clock = clock;
        this.random = random;
    }

    @Override
    public Optional<LockGrant> tryAcquire(String resource, Duration ttl) {
        return tryAcquire(resource, ttl, Duration.ZERO);
    }

    /** Returns empty, with the thread's interrupt flag set, when interrupted while waiting. */
    @Override
    public Optional<LockGrant> tryAcquire(String resource, Duration ttl, Duration wait) {
        Checks.name("lock resource", resource);
        checkTtl(ttl);
        EphemeralChecks.between("lock wait", wait, Duration.ZERO, MAX_WAIT, "must be between 0 and 1 day");
        long deadline = System.nanoTime() + wait.toNanos();
        lock.lock();
        try {
            while (true) {
                Instant now = clock.instant();
                if (live(grants.get(resource), now) == null) {
                    long fence = fences.merge(resource, 1L, Long::sum);
                    LockGrant grant = new LockGrant(resource, EphemeralChecks.randomToken(random, TOKEN_BYTES), fence, now.plus(ttl));
                    grants.put(resource, grant);
                    return Optional.of(grant);
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return Optional.empty();
                }
                released.awaitNanos(Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean release(LockGrant grant) {
        Objects.requireNonNull(grant, "grant");
        lock.lock();
        try {
            LockGrant current = live(grants.get(grant.resource()), clock.instant());
            if (current == null) {
                grants.remove(grant.resource());
                return false;
            }
            if (!current.ownerToken().equals(grant.ownerToken())) {
                return false;
            }
            grants.remove(grant.resource());
            released.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<LockGrant> renew(LockGrant grant, Duration ttl) {
        Objects.requireNonNull(grant, "grant");
        checkTtl(ttl);
        lock.lock();
        try {
            Instant now = clock.instant();
            LockGrant current = live(grants.get(grant.resource()), now);
            if (current == null || !current.ownerToken().equals(grant.ownerToken())) {
                return Optional.empty();
            }
            LockGrant renewed = new LockGrant(current.resource(), current.ownerToken(), current.fence(), now.plus(ttl));
            grants.put(current.resource(), renewed);
            return Optional.of(renewed);
        } finally {
            lock.unlock();
        }
    }

    private static void checkTtl(Duration ttl) {
        EphemeralChecks.between("lock ttl", ttl, MIN_TTL, MAX_TTL, "must be between 1 ms and 1 day");
    }

    private static LockGrant live(LockGrant grant, Instant now) {
        return grant != null && now.isBefore(grant.expiresAt()) ? grant : null;
    }
}
