package dev.ragstore.pgvector.internal;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Turns free query text into a {@code to_tsquery} input that matches any of its terms: maximal
 * runs of Unicode letters and digits, lower-cased (the in-memory index's rule), joined by
 * {@code |}. Terms hold only letters and digits, so the result can carry no tsquery operator of
 * the caller's; it is bound as a parameter all the same. Stateless.
 */
public final class KeywordTerms {

    /** The most distinct terms a query uses. */
    static final int MAX_TERMS = 256;

    private KeywordTerms() {
    }

    /** The tsquery text for {@code text}, or the empty string when it has no term. */
    public static String anyOf(String text) {
        Set<String> terms = new LinkedHashSet<>();
        StringBuilder term = new StringBuilder();
        for (int i = 0; i < text.length() && terms.size() < MAX_TERMS; ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isLetterOrDigit(cp)) {
                term.appendCodePoint(Character.toLowerCase(cp));
            } else if (term.length() > 0) {
                terms.add(term.toString());
                term.setLength(0);
            }
        }
        if (term.length() > 0 && terms.size() < MAX_TERMS) {
            terms.add(term.toString());
        }
        return String.join(" | ", terms);
    }
}
