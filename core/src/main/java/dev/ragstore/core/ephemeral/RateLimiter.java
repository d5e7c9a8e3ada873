package dev.ragstore.core.ephemeral;

import dev.ragstore.core.user.UserId;

/**
 * Port: per (user, endpoint) sliding-window rate limiting. A decision is one atomic step:
 * with N concurrent callers and a limit of L, exactly min(N, L) are allowed per window.
 * Implementations are thread-safe.
 */
public interface RateLimiter {

    /**
     * Takes one permit for {@code userId} on {@code endpoint} if the limit allows.
     *
     * @param endpoint 1 to 200 characters naming what is limited, e.g. {@code "POST /chat"}
     */
    RateLimitDecision tryAcquire(UserId userId, String endpoint, RateLimit limit);
}
