package dev.ragstore.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A UTC clock that runs with real time from a chosen start and can be moved forward or back by
 * a test, so key expiry, daily usage and time ranges are testable without sleeping. Each
 * contract test gets its own instance; thread-safe.
 */
public final class AdjustableClock extends Clock {

    private final Instant start;
    private final long startNanos;
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    private AdjustableClock(Instant start) {
        this.start = Objects.requireNonNull(start, "start");
        this.startNanos = System.nanoTime();
    }

    /** A clock starting at {@code start} and ticking with real time. */
    public static AdjustableClock startingAt(Instant start) {
        return new AdjustableClock(start);
    }

    /**
     * A clock starting at noon (UTC) of the current day, so that no test run meets a day
     * boundary unless it moves the clock across one.
     */
    public static AdjustableClock noonToday() {
        return new AdjustableClock(LocalDate.now(ZoneOffset.UTC).atTime(LocalTime.NOON).toInstant(ZoneOffset.UTC));
    }

    /** Moves the clock by {@code amount} (negative moves it back). */
    public void advance(Duration amount) {
        Objects.requireNonNull(amount, "amount");
        offset.accumulateAndGet(amount, Duration::plus);
    }

    /** The UTC day the clock is on now. */
    public LocalDate today() {
        return LocalDate.ofInstant(instant(), ZoneOffset.UTC);
    }

    @Override
    public Instant instant() {
        return start.plusNanos(System.nanoTime() - startNanos).plus(offset.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** Time zones are not supported: this clock is always UTC. */
    @Override
    public Clock withZone(ZoneId zone) {
        if (!ZoneOffset.UTC.equals(zone)) {
            throw new UnsupportedOperationException("AdjustableClock is UTC only, but was asked for " + zone);
        }
        return this;
    }

    @Override
    public String toString() {
        return "AdjustableClock[now=" + instant() + "]";
    }
}
