package dev.ragstore.redis;

/**
 * What the Redis rate limiter answers while Redis is unreachable.
 *
 * @since 0.1
 */
public enum RateLimiterOutageMode {

    /** Allow every request (availability first); the outage is logged once. */
    FAIL_OPEN,

    /** Deny every request with a retry-after of one second (protection first); the outage is logged once. */
    FAIL_CLOSED
}
