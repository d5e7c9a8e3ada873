package dev.ragstore.core.memory;

import dev.ragstore.core.internal.KeywordTokenizer;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Okapi BM25 keyword scoring with {@code k1 = 1.2} and {@code b = 0.75}. Text is split into
 * terms by {@link KeywordTokenizer}: maximal runs of Unicode letters and digits, lower-cased per
 * code point (no stemming, no stop words). A query scores each distinct query term once:
 * {@code Σ idf(t) · tf · (k1 + 1) / (tf + k1 · (1 - b + b · len / avgLen))} with the
 * non-negative {@code idf(t) = ln(1 + (N - df + 0.5) / (df + 0.5))}, where {@code N}, {@code df}
 * and {@code avgLen} come from a {@link Corpus}.
 */
final class Bm25 {

    static final double K1 = 1.2;
    static final double B = 0.75;

    private Bm25() {
    }

    /** The terms of {@code text} in order, repeats included (see {@link KeywordTokenizer}). */
    static List<String> tokenize(String text) {
        return KeywordTokenizer.terms(text);
    }

    /** The distinct terms of a query, in order of first appearance. */
    static Set<String> queryTerms(String text) {
        return new LinkedHashSet<>(tokenize(text));
    }

    /** Term frequencies and length of one indexed text. */
    static Terms terms(String text) {
        List<String> tokens = tokenize(text);
        Map<String, Integer> frequencies = new HashMap<>();
        for (String token : tokens) {
            frequencies.merge(token, 1, Integer::sum);
        }
        return new Terms(Map.copyOf(frequencies), tokens.size());
    }

    /** The BM25 score of a text against the query terms; 0 when no term occurs in it. */
    static double score(Set<String> queryTerms, Terms text, Corpus corpus) {
        return new Query(queryTerms, corpus).score(text);
    }

    /** A query bound to corpus statistics, with each term's IDF computed once. */
    static final class Query {
        private final String[] terms;
        private final double[] idf;
        private final double averageLength;

        Query(Set<String> queryTerms, Corpus corpus) {
            this.terms = queryTerms.toArray(new String[0]);
            this.idf = new double[terms.length];
            for (int i = 0; i < terms.length; i++) {
                idf[i] = corpus.idf(terms[i]);
            }
            this.averageLength = corpus.averageLength();
        }

        boolean isEmpty() {
            return terms.length == 0;
        }

        /** The BM25 score of {@code text}; 0 when no term occurs in it. */
        double score(Terms text) {
            double lengthRatio = averageLength == 0 ? 1 : text.length() / averageLength;
            double norm = K1 * (1 - B + B * lengthRatio);
            double score = 0;
            for (int i = 0; i < terms.length; i++) {
                Integer tf = text.frequencies().get(terms[i]);
                if (tf != null) {
                    score += idf[i] * tf * (K1 + 1) / (tf + norm);
                }
            }
            return score;
        }
    }

    /** Term frequencies of one text and its length in terms. */
    record Terms(Map<String, Integer> frequencies, int length) {
    }

    /**
     * Statistics of a set of texts (N, total length, document frequency per term), updated as
     * texts are added and removed. Not thread-safe: guarded by the index lock.
     */
    static final class Corpus {
        private int documents;
        private long totalLength;
        private final Map<String, Integer> documentFrequency = new HashMap<>();

        void add(Terms terms) {
            documents++;
            totalLength += terms.length();
            terms.frequencies().keySet().forEach(t -> documentFrequency.merge(t, 1, Integer::sum));
        }

        void remove(Terms terms) {
            documents--;
            totalLength -= terms.length();
            terms.frequencies().keySet().forEach(t -> documentFrequency.computeIfPresent(t, (k, n) -> n == 1 ? null : n - 1));
        }

        int documents() {
            return documents;
        }

        double averageLength() {
            return documents == 0 ? 0 : (double) totalLength / documents;
        }

        double idf(String term) {
            int df = documentFrequency.getOrDefault(term, 0);
            return Math.log(1 + (documents - df + 0.5) / (df + 0.5));
        }
    }
}
