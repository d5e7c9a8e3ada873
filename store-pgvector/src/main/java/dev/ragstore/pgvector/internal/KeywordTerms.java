package dev.ragstore.pgvector.internal;

import dev.ragstore.core.internal.KeywordTokenizer;

/**
 * Turns free query text into a {@code to_tsquery} input that matches any of its terms, cut by
 * {@link KeywordTokenizer} (the in-memory index's rule) and joined by {@code |}. Terms hold only
 * letters and digits, so the result can carry no tsquery operator of the caller's; it is bound as
 * a parameter all the same. Stateless.
 */
public final class KeywordTerms {

    /** The most distinct terms a query uses. */
    static final int MAX_TERMS = 256;

    private KeywordTerms() {
    }

    /** The tsquery text for {@code text}, or the empty string when it has no term. */
    public static String anyOf(String text) {
        return String.join(" | ", KeywordTokenizer.distinctTerms(text, MAX_TERMS));
    }
}
