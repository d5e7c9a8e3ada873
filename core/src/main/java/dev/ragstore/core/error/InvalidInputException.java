package dev.ragstore.core.error;

/**
 * An argument broke a documented rule. Thrown before any store is touched, so nothing was
 * written. The message has the form {@code "<field> <rule>, but was <value>"}; values are
 * truncated and secrets or vectors are never echoed.
 */
public final class InvalidInputException extends RagStoreException {

    private static final long serialVersionUID = 1L;
    private static final int MAX_ECHO = 80;

    private final String field;
    private final String rule;

    private InvalidInputException(String field, String rule, String message) {
        super(message);
        this.field = field;
        this.rule = rule;
    }

    /** A failure that echoes the offending value (truncated to 80 characters). */
    public static InvalidInputException of(String field, String rule, Object value) {
        return new InvalidInputException(field, rule, field + " " + rule + ", but was " + echo(value));
    }

    /** A failure whose value must not be echoed (secrets, vectors, large text). */
    public static InvalidInputException withoutValue(String field, String rule) {
        return new InvalidInputException(field, rule, field + " " + rule);
    }

    /** The name of the offending field, e.g. {@code "embedding"} or {@code "metadata key"}. */
    public String field() {
        return field;
    }

    /** The rule that was broken, e.g. {@code "must have dimension 384"}. */
    public String rule() {
        return rule;
    }

    private static String echo(Object value) {
        if (value == null) {
            return "null";
        }
        String text = value instanceof CharSequence ? "'" + value + "'" : String.valueOf(value);
        text = text.replace("\u0000", "\\u0000");
        return text.length() <= MAX_ECHO ? text : text.substring(0, MAX_ECHO) + "…(" + text.length() + " chars)";
    }
}
