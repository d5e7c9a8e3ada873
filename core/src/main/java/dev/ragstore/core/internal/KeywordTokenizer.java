package dev.ragstore.core.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The one rule that cuts text into keyword terms, shared by every adapter's keyword scoring: a
 * term is a maximal run of Unicode letters and digits ({@link Character#isLetterOrDigit(int)}),
 * lower-cased per code point with {@link Character#toLowerCase(int)}; no stemming, no stop words.
 * The in-memory BM25 index scores with these terms and pgvector builds its {@code tsquery} from
 * them, so a query finds the same words in both. Stateless.
 */
public final class KeywordTokenizer {

    private KeywordTokenizer() {
    }

    /** The terms of {@code text} in order, repeats included; empty when it has none. */
    public static List<String> terms(String text) {
        List<String> terms = new ArrayList<>();
        forEachTerm(text, terms::add);
        return terms;
    }

    /**
     * The distinct terms of {@code text} in order of first appearance, at most {@code max} of them
     * (the text after the {@code max}-th distinct term is not read).
     */
    public static Set<String> distinctTerms(String text, int max) {
        Set<String> terms = new LinkedHashSet<>();
        if (max > 0) {
            forEachTerm(text, term -> {
                terms.add(term);
                return terms.size() < max;
            });
        }
        return terms;
    }

    /** Feeds the terms of {@code text} to {@code sink} in order until it returns {@code false}. */
    private static void forEachTerm(String text, Predicate<String> sink) {
        StringBuilder term = new StringBuilder();
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isLetterOrDigit(cp)) {
                term.appendCodePoint(Character.toLowerCase(cp));
            } else if (term.length() > 0) {
                boolean more = sink.test(term.toString());
                term.setLength(0);
                if (!more) {
                    return;
                }
            }
        }
        if (term.length() > 0) {
            sink.test(term.toString());
        }
    }
}
