package dev.ragstore.core.memory;

import dev.ragstore.core.ephemeral.Cache;
import dev.ragstore.core.error.InvalidInputException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A bounded cache in memory: at most {@code capacity} entries; putting into a full cache evicts
 * the entry written longest ago; expired entries are dropped when read. An entry lives
 * while the clock is before its write time plus its TTL. Thread-safe (one monitor).
 */
final class MemoryCache implements Cache {

    private final Clock clock;
    private final int capacity;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();

    MemoryCache(Clock clock, int capacity) {
        this.clock = clock;
        this.capacity = capacity;
    }

    @Override
    public synchronized Optional<String> get(String key) {
        Objects.requireNonNull(key, "key");
        Entry entry = entries.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(entry.expiresAt())) {
            entries.remove(key);
            return Optional.empty();
        }
        return Optional.of(entry.value());
    }

    /** @throws InvalidInputException if {@code ttl} is not positive */
    @Override
    public synchronized void put(String key, String value, Duration ttl) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw InvalidInputException.of("cache ttl", "must be positive", ttl);
        }
        entries.remove(key);
        entries.put(key, new Entry(value, clock.instant().plus(ttl)));
        for (Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator(); entries.size() > capacity; ) {
            it.next();
            it.remove();
        }
    }

    @Override
    public synchronized void invalidate(String key) {
        Objects.requireNonNull(key, "key");
        entries.remove(key);
    }

    private record Entry(String value, Instant expiresAt) {
    }
}
