package dev.ragstore.core.ephemeral;

/**
 * Port: the fast, expiring state of an application — session tokens, rate limits, locks, job
 * progress and a cache — from one backend (memory or Redis).
 */
public interface EphemeralStore extends AutoCloseable {

    /** A short name for messages and logs, e.g. {@code "redis"}. */
    String name();

    SessionTokens sessionTokens();

    RateLimiter rateLimiter();

    Locks locks();

    JobProgress jobs();

    Cache cache();

    @Override
    void close();
}
