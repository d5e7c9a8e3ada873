package dev.ragstore.milvus.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Exact rewrites of a comparison between a stored value of one numeric kind and a bound of
 * another, so every comparison Milvus evaluates is between two Longs or two Doubles (no server
 * ever rounds a Long above 2<sup>53</sup> to a double). A rewrite is a {@link Bound}: a constant,
 * or the operator and literal to use against the stored kind. Stateless.
 */
public final class ExactBounds {

    private static final double TWO_POW_63 = 0x1p63;

    private ExactBounds() {
    }

    /** Comparison operators. */
    public enum Op {
        EQ("=="), NE("!="), GT(">"), GTE(">="), LT("<"), LTE("<=");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        /** The Milvus operator. */
        public String symbol() {
            return symbol;
        }

        /** The operator that holds exactly when this one does not (for two present values of one kind). */
        public Op complement() {
            switch (this) {
                case EQ:
                    return NE;
                case NE:
                    return EQ;
                case GT:
                    return LTE;
                case GTE:
                    return LT;
                case LT:
                    return GTE;
                case LTE:
                    return GT;
                default:
                    throw new IllegalStateException("unhandled operator " + this);
            }
        }
    }

    /**
     * A rewritten comparison: {@code constant} is non-null when the comparison holds for every
     * value of the stored kind ({@code true}) or for none ({@code false}); otherwise compare with
     * {@code op} against {@code literal} (Milvus literal text).
     */
    public record Bound(Boolean constant, Op op, String literal) {

        static Bound always(boolean value) {
            return new Bound(value, null, null);
        }

        static Bound of(Op op, String literal) {
            return new Bound(null, op, literal);
        }
    }

    /** The Milvus literal of a Long. */
    public static String literal(long value) {
        return Long.toString(value);
    }

    /** The Milvus literal of a finite Double (shortest round-tripping form, e.g. {@code 1.0E300}). */
    public static String literal(double value) {
        return Double.toString(value);
    }

    /** The Long equal to {@code value}, if there is one. */
    public static OptionalLong longEqualTo(double value) {
        if (value == Math.rint(value) && value >= -TWO_POW_63 && value < TWO_POW_63) {
            return OptionalLong.of((long) value);
        }
        return OptionalLong.empty();
    }

    /** The Double equal to {@code value}, if there is one. */
    public static OptionalDouble doubleEqualTo(long value) {
        double d = value;
        if (new BigDecimal(d).compareTo(BigDecimal.valueOf(value)) == 0) {
            return OptionalDouble.of(d);
        }
        return OptionalDouble.empty();
    }

    /** {@code storedLong op bound} as a comparison of Longs ({@code op} is one of GT, GTE, LT, LTE). */
    public static Bound longAgainstDouble(Op op, double bound) {
        if (bound >= TWO_POW_63) {
            return Bound.always(op == Op.LT || op == Op.LTE);
        }
        if (bound < -TWO_POW_63) {
            return Bound.always(op == Op.GT || op == Op.GTE);
        }
        long floor = (long) Math.floor(bound);
        long ceil = (long) Math.ceil(bound);
        switch (op) {
            case GT:
                return Bound.of(Op.GT, literal(floor));
            case GTE:
                return Bound.of(Op.GTE, literal(ceil));
            case LT:
                return Bound.of(Op.LT, literal(ceil));
            case LTE:
                return Bound.of(Op.LTE, literal(floor));
            default:
                throw new IllegalArgumentException("not an order operator: " + op);
        }
    }

    /** {@code storedDouble op bound} as a comparison of Doubles ({@code op} is one of GT, GTE, LT, LTE). */
    public static Bound doubleAgainstLong(Op op, long bound) {
        double nearest = bound;
        int order = new BigDecimal(nearest).compareTo(BigDecimal.valueOf(bound));
        if (order == 0) {
            return Bound.of(op, literal(nearest));
        }
        double above = order > 0 ? nearest : Math.nextUp(nearest);
        double below = order > 0 ? Math.nextDown(nearest) : nearest;
        switch (op) {
            case GT:
            case GTE:
                return Bound.of(Op.GTE, literal(above));
            case LT:
            case LTE:
                return Bound.of(Op.LTE, literal(below));
            default:
                throw new IllegalArgumentException("not an order operator: " + op);
        }
    }

    /**
     * {@code storedMicros op instant} as a comparison of epoch microseconds (the precision
     * {@code created_at} is stored with); EQ and NE included.
     */
    public static Bound microsAgainstInstant(Op op, Instant instant) {
        long seconds = instant.getEpochSecond();
        int nanos = instant.getNano();
        long floor;
        try {
            floor = Math.addExact(Math.multiplyExact(seconds, 1_000_000L), nanos / 1_000);
        } catch (ArithmeticException outOfRange) {
            boolean after = seconds > 0;
            switch (op) {
                case EQ:
                    return Bound.always(false);
                case NE:
                    return Bound.always(true);
                case GT:
                case GTE:
                    return Bound.always(!after);
                default:
                    return Bound.always(after);
            }
        }
        boolean exact = nanos % 1_000 == 0;
        long ceil = exact ? floor : floor + 1;
        switch (op) {
            case EQ:
                return exact ? Bound.of(Op.EQ, literal(floor)) : Bound.always(false);
            case NE:
                return exact ? Bound.of(Op.NE, literal(floor)) : Bound.always(true);
            case GT:
                return Bound.of(Op.GT, literal(floor));
            case GTE:
                return Bound.of(Op.GTE, literal(ceil));
            case LT:
                return Bound.of(Op.LT, literal(ceil));
            case LTE:
                return Bound.of(Op.LTE, literal(floor));
            default:
                throw new IllegalStateException("unhandled operator " + op);
        }
    }

    /** Epoch microseconds of {@code instant}, rounded down. */
    public static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }
}
