package dev.ragstore.core.usage;

import dev.ragstore.core.error.ConflictException;

/**
 * The rule every adapter applies to usage idempotency keys, so that each reports a reused key the
 * same way.
 */
public final class UsageKeys {

    /** The {@link ConflictException#rule()} of a key reused with a different delta. */
    public static final String REUSED = "usage.idempotency_key.reused";

    private UsageKeys() {
    }

    /** The error for {@code key}, stored with {@code stored}, sent again with {@code requested}. */
    public static ConflictException reused(String key, UsageDelta stored, UsageDelta requested) {
        return new ConflictException(REUSED, "usage idempotency key '" + key + "' was already used for " + describe(stored)
                + ", not " + describe(requested) + " (rule " + REUSED + "); nothing was written");
    }

    private static String describe(UsageDelta d) {
        return "tokens=" + d.tokens() + " messages=" + d.messages() + " documents=" + d.documents() + " sessions=" + d.sessions();
    }
}
