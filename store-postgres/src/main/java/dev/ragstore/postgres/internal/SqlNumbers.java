package dev.ragstore.postgres.internal;

import java.math.BigDecimal;

/**
 * Exact number comparison for {@link dev.ragstore.postgres.spi.SqlFilter}. Stored Longs are exact integers; stored Doubles
 * are the shortest decimal of {@link Double#toString} (what
 * {@link dev.ragstore.core.internal.MetadataJson} writes), a mapping that is strictly increasing
 * over doubles. So a stored Double compares with a filter Double through the same mapping, and
 * with a filter Long through the doubles next to that Long: the result equals comparing the
 * exact binary values, as {@link dev.ragstore.core.filter.Filter} requires.
 */
public final class SqlNumbers {

    private SqlNumbers() {
    }

    /** The exact value of a Long or Double. */
    public static BigDecimal exact(Number value) {
        return value instanceof Double d ? new BigDecimal(d) : BigDecimal.valueOf(value.longValue());
    }

    /** The value a stored Double equal to {@code value} has, or {@code null} when no double equals it. */
    public static BigDecimal shortestEqual(Number value) {
        if (value instanceof Double d) {
            return shortest(d);
        }
        long l = value.longValue();
        double nearest = l;
        return new BigDecimal(nearest).compareTo(BigDecimal.valueOf(l)) == 0 ? shortest(nearest) : null;
    }

    /**
     * The condition a stored Double must meet for {@code stored <operator> value}: compare it with
     * {@link Bound#operator()} against {@link Bound#value()} (a numeric literal to bind); {@code null}
     * when no stored Double can meet it (equality with a Long no double equals).
     */
    public static Bound againstStoredDouble(Number value, String operator) {
        BigDecimal equal = shortestEqual(value);
        if (equal != null) {
            return new Bound(operator, equal.toPlainString());
        }
        // a Long no double equals lies strictly between two neighbouring doubles
        long l = value.longValue();
        double nearest = l;
        boolean below = new BigDecimal(nearest).compareTo(BigDecimal.valueOf(l)) < 0;
        double lower = below ? nearest : Math.nextDown(nearest);
        double upper = below ? Math.nextUp(nearest) : nearest;
        switch (operator) {
            case "=":
                return null;
            case "<":
            case "<=":
                return new Bound("<=", shortest(lower).toPlainString());
            case ">":
            case ">=":
                return new Bound(">=", shortest(upper).toPlainString());
            default:
                throw new IllegalStateException("unhandled operator " + operator);
        }
    }

    /** A comparison of a stored Double: {@code stored <operator> CAST(value AS numeric)}. */
    public record Bound(String operator, String value) {
    }

    /** The shortest decimal that reads back as {@code d}. */
    static BigDecimal shortest(double d) {
        return new BigDecimal(Double.toString(d));
    }
}
