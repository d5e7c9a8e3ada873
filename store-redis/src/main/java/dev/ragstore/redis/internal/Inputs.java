package dev.ragstore.redis.internal;

import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.internal.Checks;

import java.time.Duration;
import java.util.Objects;

/**
 * Argument checks of the ephemeral ports, run before Redis is touched. The rules are those of
 * the in-memory reference adapter, so both adapters reject the same input with the same message.
 */
public final class Inputs {

    private Inputs() {
    }

    /** A duration within {@code [min, max]}, named {@code field} in the error with a generated rule. */
    public static Duration duration(String field, Duration value, Duration min, Duration max) {
        return duration(field, value, min, max, "must be between " + HumanDuration.format(min) + " and "
                + HumanDuration.format(max));
    }

    /** A duration within {@code [min, max]}; {@code rule} is the text of the error (as the in-memory adapter words it). */
    public static Duration duration(String field, Duration value, Duration min, Duration max, String rule) {
        Objects.requireNonNull(value, field);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw InvalidInputException.of(field, rule, value);
        }
        return value;
    }

    /** A single-line name of 1 to 200 characters (endpoint, lock resource, job id). */
    public static String name(String field, String value) {
        return Checks.name(field, value);
    }

    /** Free text up to 4,000 characters without NUL (job messages). */
    public static String text(String field, String value) {
        return Checks.text(field, value, Checks.MAX_DESCRIPTION);
    }
}
