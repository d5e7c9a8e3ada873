package dev.ragstore.core.memory;

import dev.ragstore.core.filter.Filter;
import dev.ragstore.core.filter.FilterField;
import dev.ragstore.core.internal.CodePointOrder;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

/**
 * Evaluates a {@link Filter} against one chunk with exactly the semantics documented on
 * {@link Filter}: values compare within their kind (text, number, boolean, instant) and never
 * across kinds; positive conditions are false on a missing field and true on a list when any
 * element satisfies them; {@code ne}, {@code notIn} and {@code not} are negations; {@code exists}
 * is presence; {@code contains} is {@link String#contains} on text. Stateless and thread-safe.
 */
final class FilterEvaluator {

    private FilterEvaluator() {
    }

    /** Whether {@code entry} satisfies {@code filter}; a {@code null} filter matches everything. */
    static boolean matches(Filter filter, IndexEntry entry) {
        return filter == null || matches(filter, entry::value);
    }

    /**
     * Whether the record whose field values {@code values} gives satisfies {@code filter}.
     * {@code values} returns {@code null} for a missing field.
     */
    static boolean matches(Filter filter, Function<FilterField, Object> values) {
        if (filter instanceof Filter.Eq f) {
            return anyElement(values.apply(f.field()), v -> holds(v, f.value(), order -> order == 0));
        } else if (filter instanceof Filter.Ne f) {
            return !anyElement(values.apply(f.field()), v -> holds(v, f.value(), order -> order == 0));
        } else if (filter instanceof Filter.In f) {
            return anyElement(values.apply(f.field()), v -> inList(v, f.values()));
        } else if (filter instanceof Filter.NotIn f) {
            return !anyElement(values.apply(f.field()), v -> inList(v, f.values()));
        } else if (filter instanceof Filter.Gt f) {
            return anyElement(values.apply(f.field()), v -> holds(v, f.value(), order -> order > 0));
        } else if (filter instanceof Filter.Gte f) {
            return anyElement(values.apply(f.field()), v -> holds(v, f.value(), order -> order >= 0));
        } else if (filter instanceof Filter.Lt f) {
            return anyElement(values.apply(f.field()), v -> holds(v, f.value(), order -> order < 0));
        } else if (filter instanceof Filter.Lte f) {
            return anyElement(values.apply(f.field()), v -> holds(v, f.value(), order -> order <= 0));
        } else if (filter instanceof Filter.Exists f) {
            return values.apply(f.field()) != null;
        } else if (filter instanceof Filter.Contains f) {
            return anyElement(values.apply(f.field()), v -> Kind.of(v) == Kind.TEXT && text(v).contains(f.text()));
        } else if (filter instanceof Filter.And f) {
            return f.filters().stream().allMatch(child -> matches(child, values));
        } else if (filter instanceof Filter.Or f) {
            return f.filters().stream().anyMatch(child -> matches(child, values));
        } else if (filter instanceof Filter.Not f) {
            return !matches(f.filter(), values);
        } else {
            throw new IllegalStateException("unhandled filter node " + filter.getClass().getName());
        }
    }

    private static boolean anyElement(Object actual, Predicate<Object> test) {
        if (actual == null) {
            return false;
        }
        if (actual instanceof List<?> list) {
            for (Object element : list) {
                if (test.test(element)) {
                    return true;
                }
            }
            return false;
        }
        return test.test(actual);
    }

    private static boolean inList(Object actual, List<Object> candidates) {
        for (Object candidate : candidates) {
            if (holds(actual, candidate, order -> order == 0)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code a} and {@code b} are of one kind and their order passes {@code test}. */
    private static boolean holds(Object a, Object b, IntPredicate test) {
        Integer order = compare(a, b);
        return order != null && test.test(order);
    }

    /**
     * The order of two values (-1, 0 or 1), or {@code null} when they are of different kinds and
     * so neither equal nor ordered.
     */
    static Integer compare(Object a, Object b) {
        Kind kind = Kind.of(a);
        if (kind != Kind.of(b)) {
            return null;
        }
        switch (kind) {
            case TEXT:
                return Integer.signum(CodePointOrder.compare(text(a), text(b)));
            case NUMBER:
                return Integer.signum(compareNumbers((Number) a, (Number) b));
            case BOOLEAN:
                return Integer.signum(Boolean.compare((Boolean) a, (Boolean) b));
            case INSTANT:
                return Integer.signum(((Instant) a).compareTo((Instant) b));
            default:
                return null;
        }
    }

    private static String text(Object value) {
        // UUID.toString() is the lower-case canonical form.
        return value instanceof UUID uuid ? uuid.toString() : (String) value;
    }

    /** Exact numeric order of Longs and Doubles (a Long above 2^53 is not rounded to a double). */
    static int compareNumbers(Number a, Number b) {
        if (a instanceof Long x && b instanceof Long y) {
            return Long.compare(x, y);
        }
        if (a instanceof Double x && b instanceof Double y) {
            double p = x;
            double q = y;
            // Primitive comparison so that 0.0 equals -0.0; values are finite by construction.
            return p < q ? -1 : (p > q ? 1 : 0);
        }
        return exact(a).compareTo(exact(b));
    }

    private static BigDecimal exact(Number n) {
        return n instanceof Double d ? new BigDecimal(d) : BigDecimal.valueOf(n.longValue());
    }

    /** The value kinds of {@link Filter}'s semantics; {@code OTHER} (no valid value) never matches. */
    enum Kind {
        TEXT, NUMBER, BOOLEAN, INSTANT, OTHER;

        static Kind of(Object value) {
            if (value instanceof String || value instanceof UUID) {
                return TEXT;
            } else if (value instanceof Long || value instanceof Double) {
                return NUMBER;
            } else if (value instanceof Boolean) {
                return BOOLEAN;
            } else if (value instanceof Instant) {
                return INSTANT;
            }
            return OTHER;
        }
    }
}
