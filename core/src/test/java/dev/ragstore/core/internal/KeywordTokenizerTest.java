package dev.ragstore.core.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KeywordTokenizerTest {

    @Test
    void cutsLowerCasedRunsOfLettersAndDigits() {
        assertThat(KeywordTokenizer.terms("Quick, quick FOX: v2 & naïve!"))
                .containsExactly("quick", "quick", "fox", "v2", "naïve");
        assertThat(KeywordTokenizer.terms("\uD835\uDC00bc")).as("letters above U+FFFF").containsExactly("\uD835\uDC00bc");
        assertThat(KeywordTokenizer.terms(" ,;!? ")).isEmpty();
    }

    @Test
    void distinctTermsKeepFirstAppearanceAndStopAtTheLimit() {
        assertThat(KeywordTokenizer.distinctTerms("b a B c a d", 10)).containsExactly("b", "a", "c", "d");
        assertThat(KeywordTokenizer.distinctTerms("b a B c a d", 2)).containsExactly("b", "a");
        assertThat(KeywordTokenizer.distinctTerms("b a", 0)).isEmpty();
    }
}
