package dev.ragstore.core.error;

/**
 * A write would break a uniqueness or integrity rule (a duplicate name, a plan still in use, a
 * counter that would pass 2<sup>63</sup> - 1: rule {@code counter.range}, the same on every
 * adapter). Nothing was written.
 */
public final class ConflictException extends RagStoreException {

    private static final long serialVersionUID = 1L;

    private final String rule;

    public ConflictException(String rule, String message) {
        super(message);
        this.rule = rule;
    }

    public ConflictException(String rule, String message, Throwable cause) {
        super(message, cause);
        this.rule = rule;
    }

    /** A stable name of the rule that was broken, e.g. {@code "user.username.unique"}. */
    public String rule() {
        return rule;
    }
}
