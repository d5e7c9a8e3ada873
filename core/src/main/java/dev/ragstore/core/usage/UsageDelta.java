package dev.ragstore.core.usage;

import dev.ragstore.core.internal.Checks;

/** Amounts to add to a day's usage; every amount is {@code >= 0}. */
public record UsageDelta(long tokens, long messages, long documents, long sessions) {

    public UsageDelta {
        Checks.nonNegative("usage tokens", tokens);
        Checks.nonNegative("usage messages", messages);
        Checks.nonNegative("usage documents", documents);
        Checks.nonNegative("usage sessions", sessions);
    }

    public static UsageDelta tokens(long tokens) {
        return new UsageDelta(tokens, 0, 0, 0);
    }

    public static UsageDelta message(long tokens) {
        return new UsageDelta(tokens, 1, 0, 0);
    }

    public static UsageDelta document(long tokens) {
        return new UsageDelta(tokens, 0, 1, 0);
    }

    public static UsageDelta session() {
        return new UsageDelta(0, 0, 0, 1);
    }

    public boolean isZero() {
        return tokens == 0 && messages == 0 && documents == 0 && sessions == 0;
    }
}
