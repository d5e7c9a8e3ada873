package dev.ragstore.postgres.internal;

import java.math.BigDecimal;
import java.util.function.Function;

/**
 * Exact number comparison for {@link SqlFilter}. Stored Longs are exact integers; stored Doubles
 * are the shortest decimal of {@link Double#toString} (what
 * {@link dev.ragstore.core.internal.MetadataJson} writes), a mapping that is strictly increasing
 * over doubles. So a stored Double compares with a filter Double through the same mapping, and
 * with a filter Long through the doubles next to that Long: the result equals comparing the
 * exact binary values, as {@link dev.ragstore.core.filter.Filter} requires.
 */
final class SqlNumbers {

    private SqlNumbers() {
    }

    /** The exact value of a Long or Double. */
    static BigDecimal exact(Number value) {
        return value instanceof Double d ? new BigDecimal(d) : BigDecimal.valueOf(value.longValue());
    }

    /** The value a stored Double equal to {@code value} has, or {@code null} when no double equals it. */
    static BigDecimal shortestEqual(Number value) {
        if (value instanceof Double d) {
            return shortest(d);
        }
        long l = value.longValue();
        double nearest = l;
        return new BigDecimal(nearest).compareTo(BigDecimal.valueOf(l)) == 0 ? shortest(nearest) : null;
    }

    /**
     * The condition {@code stored <operator> value} for a stored Double, where {@code stored} is the
     * SQL numeric of its shortest decimal; {@code bind} turns a value into a parameter reference.
     */
    static String againstStoredDouble(Number value, String operator, String stored, Function<Object, String> bind) {
        BigDecimal equal = shortestEqual(value);
        if (equal != null) {
            return stored + " " + operator + " CAST(" + bind.apply(equal.toPlainString()) + " AS numeric)";
        }
        // a Long no double equals lies strictly between two neighbouring doubles
        long l = value.longValue();
        double nearest = l;
        boolean below = new BigDecimal(nearest).compareTo(BigDecimal.valueOf(l)) < 0;
        double lower = below ? nearest : Math.nextDown(nearest);
        double upper = below ? Math.nextUp(nearest) : nearest;
        switch (operator) {
            case "=":
                return "false";
            case "<":
            case "<=":
                return stored + " <= CAST(" + bind.apply(shortest(lower).toPlainString()) + " AS numeric)";
            case ">":
            case ">=":
                return stored + " >= CAST(" + bind.apply(shortest(upper).toPlainString()) + " AS numeric)";
            default:
                throw new IllegalStateException("unhandled operator " + operator);
        }
    }

    /** The shortest decimal that reads back as {@code d}. */
    static BigDecimal shortest(double d) {
        return new BigDecimal(Double.toString(d));
    }
}
