package dev.ragstore.core.ephemeral;

import java.time.Duration;
import java.util.Objects;

/**
 * The answer of a {@link RateLimiter}.
 *
 * @param remaining  permits left in the current window after this decision
 * @param retryAfter how long until a permit frees up; zero when allowed
 */
public record RateLimitDecision(boolean allowed, int remaining, Duration retryAfter) {

    public RateLimitDecision {
        Objects.requireNonNull(retryAfter, "retryAfter");
    }
}
