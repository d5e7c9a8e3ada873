package dev.ragstore.core.memory;

import dev.ragstore.core.ephemeral.RateLimit;
import dev.ragstore.core.ephemeral.RateLimitDecision;
import dev.ragstore.core.ephemeral.RateLimiter;
import dev.ragstore.core.internal.Checks;
import dev.ragstore.core.user.UserId;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;

/**
 * An exact sliding-window log per (user, endpoint): a permit taken at {@code t} counts while
 * the clock is before {@code t + window}; a request is allowed while fewer than
 * {@code permits} count, and a refused request takes nothing. {@code retryAfter} is the time
 * until enough counted permits have aged out for one more. One (user, endpoint) pair is meant to
 * be checked with one limit. Idle windows are dropped by a sweep every {@value #SWEEP_EVERY}
 * decisions. Thread-safe (one monitor), so concurrent callers get exactly {@code permits}.
 */
final class MemoryRateLimiter implements RateLimiter {

    private static final int SWEEP_EVERY = 4_096;

    private final Clock clock;
    private final Map<Key, Window> windows = new HashMap<>();
    private int decisionsSinceSweep;

    MemoryRateLimiter(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized RateLimitDecision tryAcquire(UserId userId, String endpoint, RateLimit limit) {
        Objects.requireNonNull(userId, "userId");
        Checks.name("rate limit endpoint", endpoint);
        Objects.requireNonNull(limit, "limit");
        Instant now = clock.instant();
        sweepSometimes(now);
        Window window = windows.computeIfAbsent(new Key(userId, endpoint), k -> new Window());
        window.length = limit.window();
        ArrayDeque<Instant> log = window.permits;
        while (!log.isEmpty() && !now.isBefore(log.peekFirst().plus(limit.window()))) {
            log.pollFirst();
        }
        if (log.size() < limit.permits()) {
            log.addLast(now);
            return new RateLimitDecision(true, limit.permits() - log.size(), Duration.ZERO);
        }
        // The permit whose expiry brings the count below the limit is at index size - permits.
        Iterator<Instant> it = log.iterator();
        for (int i = 0; i < log.size() - limit.permits(); i++) {
            it.next();
        }
        return new RateLimitDecision(false, 0, Duration.between(now, it.next().plus(limit.window())));
    }

    private void sweepSometimes(Instant now) {
        if (++decisionsSinceSweep < SWEEP_EVERY) {
            return;
        }
        decisionsSinceSweep = 0;
        windows.values().removeIf(w -> w.permits.isEmpty() || !now.isBefore(w.permits.peekLast().plus(w.length)));
    }

    private record Key(UserId userId, String endpoint) {
    }

    /** The permits counted for one key, oldest first, and the window they were last checked with. */
    private static final class Window {
        final ArrayDeque<Instant> permits = new ArrayDeque<>();
        Duration length = Duration.ZERO;
    }
}
