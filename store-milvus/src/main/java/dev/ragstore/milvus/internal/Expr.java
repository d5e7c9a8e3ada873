package dev.ragstore.milvus.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A boolean Milvus expression, or one of the constants {@link #TRUE} and {@link #FALSE} that
 * {@link MilvusFilter} folds away (a Milvus expression never contains a bare constant).
 * Immutable.
 */
public final class Expr {

    /** Holds for every row. */
    public static final Expr TRUE = new Expr(null, true);
    /** Holds for no row. */
    public static final Expr FALSE = new Expr(null, false);

    private final String text;
    private final boolean constant;

    private Expr(String text, boolean constant) {
        this.text = text;
        this.constant = constant;
    }

    /** An expression of the given text (one operand: a comparison, a function call or a parenthesized group). */
    public static Expr of(String text) {
        return new Expr(Objects.requireNonNull(text, "text"), false);
    }

    /** A constant. */
    public static Expr constant(boolean value) {
        return value ? TRUE : FALSE;
    }

    /** Whether this is {@link #TRUE}. */
    public boolean isTrue() {
        return this == TRUE;
    }

    /** Whether this is {@link #FALSE}. */
    public boolean isFalse() {
        return this == FALSE;
    }

    /**
     * The expression text.
     *
     * @throws IllegalStateException for a constant
     */
    public String text() {
        if (text == null) {
            throw new IllegalStateException("constant " + constant + " has no expression text");
        }
        return text;
    }

    /** The conjunction: {@link #FALSE} if any part is, the other parts without {@link #TRUE}s. */
    public static Expr and(List<Expr> parts) {
        return join(parts, "and", false);
    }

    /** {@link #and(List)} of the arguments. */
    public static Expr and(Expr... parts) {
        return and(List.of(parts));
    }

    /** The disjunction: {@link #TRUE} if any part is, the other parts without {@link #FALSE}s. */
    public static Expr or(List<Expr> parts) {
        return join(parts, "or", true);
    }

    /** {@link #or(List)} of the arguments. */
    public static Expr or(Expr... parts) {
        return or(List.of(parts));
    }

    private static Expr join(List<Expr> parts, String operator, boolean absorbing) {
        List<String> texts = new ArrayList<>(parts.size());
        for (Expr part : parts) {
            if (part.text == null) {
                if (part.constant == absorbing) {
                    return part;
                }
            } else {
                texts.add(part.text);
            }
        }
        if (texts.isEmpty()) {
            return constant(!absorbing);
        }
        if (texts.size() == 1) {
            return of(texts.get(0));
        }
        return of("(" + String.join(" " + operator + " ", texts) + ")");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Expr e && constant == e.constant && Objects.equals(text, e.text);
    }

    @Override
    public int hashCode() {
        return Objects.hash(text, constant);
    }

    @Override
    public String toString() {
        return text != null ? text : String.valueOf(constant);
    }
}
