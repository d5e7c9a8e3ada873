package dev.ragstore.core.ephemeral;

import dev.ragstore.core.error.InvalidInputException;

import java.time.Duration;
import java.util.Objects;

/** At most {@code permits} requests per {@code window} (a sliding window). */
public record RateLimit(int permits, Duration window) {

    public RateLimit {
        Objects.requireNonNull(window, "window");
        if (permits < 1) {
            throw InvalidInputException.of("rate limit permits", "must be >= 1", permits);
        }
        if (window.toMillis() < 1 || window.compareTo(Duration.ofDays(1)) > 0) {
            throw InvalidInputException.of("rate limit window", "must be between 1 ms and 1 day", window);
        }
    }

    public static RateLimit perMinute(int permits) {
        return new RateLimit(permits, Duration.ofMinutes(1));
    }
}
