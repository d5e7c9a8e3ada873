package dev.ragstore.core.internal;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;

import java.util.Objects;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * Generates RFC 9562 version 7 UUIDs: a 48-bit Unix-millisecond timestamp followed by random
 * bits, so ids sort by creation time and keep B-tree inserts local.
 *
 * <p>Ids from one instance are strictly increasing in the order {@link #next()} returns them,
 * compared as unsigned 128-bit numbers (the order of their canonical text and of PostgreSQL's
 * {@code uuid} type): within one millisecond the random part is incremented, and a clock that
 * steps backwards is held at the last timestamp used. Thread-safe.
 */
public final class TimeOrderedIds {

    private final TimeBasedEpochGenerator generator;
    private final LongSupplier clock;
    private long lastMillis = Long.MIN_VALUE;

    /** Ids stamped with {@link System#currentTimeMillis()}. */
    public TimeOrderedIds() {
        this(System::currentTimeMillis);
    }

    /** Ids stamped with {@code clock} (milliseconds since the Unix epoch); for tests. */
    TimeOrderedIds(LongSupplier clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.generator = Generators.timeBasedEpochGenerator();
    }

    /** A new UUIDv7, greater than every id this instance returned before. */
    public synchronized UUID next() {
        // Reading the clock under the same lock as construct() keeps ids monotonic across threads.
        long millis = Math.max(clock.getAsLong(), lastMillis);
        lastMillis = millis;
        return generator.construct(millis);
    }
}
