package dev.ragstore.core.memory;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class Bm25Test {

    @Test
    void tokenizesLowerCaseRunsOfLettersAndDigits() {
        assertThat(Bm25.tokenize("Hello, WORLD! 42x é-Ü  snake_case"))
                .containsExactly("hello", "world", "42x", "é", "ü", "snake", "case");
        assertThat(Bm25.tokenize("  ...  ")).isEmpty();
        assertThat(Bm25.tokenize("\uD835\uDC00bc")).as("letters above U+FFFF").containsExactly("\uD835\uDC00bc");
    }

    @Test
    void countsDistinctQueryTermsOnce() {
        assertThat(Bm25.queryTerms("apple Apple APPLE pie")).containsExactly("apple", "pie");
    }

    @Test
    void scoresMatchTheFormulaComputedByHand() {
        Bm25.Corpus corpus = corpus("apple banana", "apple apple cherry", "durian");
        // N = 3, average length 2, df(apple) = 2.
        double idf = Math.log(1 + (3 - 2 + 0.5) / (2 + 0.5));
        double first = idf * 1 * 2.2 / (1 + 1.2 * (0.25 + 0.75 * (2 / 2.0)));
        double second = idf * 2 * 2.2 / (2 + 1.2 * (0.25 + 0.75 * (3 / 2.0)));

        assertThat(Bm25.score(Set.of("apple"), Bm25.terms("apple banana"), corpus)).isCloseTo(first, within(1e-12));
        assertThat(Bm25.score(Set.of("apple"), Bm25.terms("apple apple cherry"), corpus)).isCloseTo(second, within(1e-12));
        assertThat(Bm25.score(Set.of("apple"), Bm25.terms("durian"), corpus)).isZero();
    }

    @Test
    void ranksMoreOccurrencesHigher() {
        Bm25.Corpus corpus = corpus("rust rust rust go", "rust go go go", "java");
        assertThat(score("rust", "rust rust rust go", corpus)).isGreaterThan(score("rust", "rust go go go", corpus));
    }

    @Test
    void ranksRarerTermsHigher() {
        Bm25.Corpus corpus = corpus("common rare", "common x", "common y", "common z");
        assertThat(corpus.idf("rare")).isGreaterThan(corpus.idf("common"));
        assertThat(score("rare", "common rare", corpus)).isGreaterThan(score("common", "common rare", corpus));
    }

    @Test
    void ranksShorterTextsHigherForTheSameFrequency() {
        Bm25.Corpus corpus = corpus("term a", "term a b c d e f g");
        assertThat(score("term", "term a", corpus)).isGreaterThan(score("term", "term a b c d e f g", corpus));
    }

    @Test
    void keepsCorpusStatisticsExactAsTextsComeAndGo() {
        Bm25.Corpus corpus = corpus("a b", "b c");
        corpus.remove(Bm25.terms("a b"));
        assertThat(corpus.documents()).isEqualTo(1);
        assertThat(corpus.averageLength()).isEqualTo(2.0);
        assertThat(corpus.idf("a")).isEqualTo(Math.log(1 + (1 - 0 + 0.5) / (0 + 0.5)));
        assertThat(corpus.idf("b")).isEqualTo(Math.log(1 + (1 - 1 + 0.5) / (1 + 0.5)));
    }

    private static double score(String query, String text, Bm25.Corpus corpus) {
        return Bm25.score(Bm25.queryTerms(query), Bm25.terms(text), corpus);
    }

    private static Bm25.Corpus corpus(String... texts) {
        Bm25.Corpus corpus = new Bm25.Corpus();
        for (String text : texts) {
            corpus.add(Bm25.terms(text));
        }
        return corpus;
    }
}
