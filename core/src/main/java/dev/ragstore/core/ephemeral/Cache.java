package dev.ragstore.core.ephemeral;

import java.time.Duration;
import java.util.Optional;

/**
 * Port: a string cache with per-entry time to live. Losing entries is always allowed; a cache
 * never fails a caller for being unavailable. Implementations are thread-safe.
 */
public interface Cache {

    Optional<String> get(String key);

    void put(String key, String value, Duration ttl);

    void invalidate(String key);

    /** A cache that stores nothing. */
    static Cache none() {
        return NoCache.INSTANCE;
    }
}

/** The cache that stores nothing. */
enum NoCache implements Cache {
    INSTANCE;

    @Override
    public Optional<String> get(String key) {
        return Optional.empty();
    }

    @Override
    public void put(String key, String value, Duration ttl) {
    }

    @Override
    public void invalidate(String key) {
    }
}
