package dev.ragstore.pgvector.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KeywordTermsTest {

    @Test
    void termsAreLowerCasedRunsOfLettersAndDigitsJoinedByOr() {
        assertThat(KeywordTerms.anyOf("Quick, quick FOX: v2 & naïve!")).isEqualTo("quick | fox | v2 | naïve");
    }

    @Test
    void tsqueryOperatorsAndQuotesNeverReachTheQuery() {
        assertThat(KeywordTerms.anyOf("a' | !b <-> c:* & (d)")).isEqualTo("a | b | c | d");
    }

    @Test
    void textWithoutTermsGivesNothing() {
        assertThat(KeywordTerms.anyOf(" ,;!? ")).isEmpty();
    }
}
