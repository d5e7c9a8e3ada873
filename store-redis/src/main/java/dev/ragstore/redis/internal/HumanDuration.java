package dev.ragstore.redis.internal;

import java.time.Duration;

/** Renders durations for people: {@code 750 ms}, {@code 2 s}, {@code 1.5 s}, {@code 10 min}, {@code 2 h}. */
public final class HumanDuration {

    private HumanDuration() {
    }

    /** The shortest readable form of {@code duration}; must not be {@code null}. */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1_000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return trim(millis / 1_000.0) + " s";
        }
        if (millis < 3_600_000) {
            return trim(millis / 60_000.0) + " min";
        }
        if (millis < 86_400_000) {
            return trim(millis / 3_600_000.0) + " h";
        }
        return trim(millis / 86_400_000.0) + " d";
    }

    private static String trim(double value) {
        double rounded = Math.round(value * 10) / 10.0;
        return rounded == Math.rint(rounded) ? Long.toString((long) rounded) : Double.toString(rounded);
    }
}
