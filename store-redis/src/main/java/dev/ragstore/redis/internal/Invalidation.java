package dev.ragstore.redis.internal;

import java.util.List;
import java.util.Objects;

/**
 * One cache invalidation, kept so it can be replayed when Redis comes back if it could not be
 * applied during an outage. Replaying is idempotent in effect: the entries end up invalid.
 *
 * @param keys keys of one hash slot
 */
public record Invalidation(Kind kind, List<String> keys) {

    /** How the keys are invalidated. */
    public enum Kind {
        /** Bump the version of versioned entries and drop their data. */
        ENTRIES,
        /** Bump generation counters, invalidating every entry filled under an older generation. */
        GENERATIONS,
        /** Delete plain keys (generic cache entries, name mappings). */
        DELETE
    }

    public Invalidation {
        Objects.requireNonNull(kind, "kind");
        keys = List.copyOf(keys);
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("an invalidation needs at least one key");
        }
    }

    public static Invalidation entries(String... keys) {
        return new Invalidation(Kind.ENTRIES, List.of(keys));
    }

    public static Invalidation generations(String... keys) {
        return new Invalidation(Kind.GENERATIONS, List.of(keys));
    }

    public static Invalidation delete(String key) {
        return new Invalidation(Kind.DELETE, List.of(key));
    }
}
