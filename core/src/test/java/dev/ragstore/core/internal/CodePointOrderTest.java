package dev.ragstore.core.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CodePointOrderTest {

    private static final String GRINNING_FACE = "\uD83D\uDE00";

    @Test
    void putsSupplementaryCharactersAfterTheBasicPlaneWhereStringCompareToDoesNot() {
        assertThat("\uFFFD".compareTo(GRINNING_FACE)).as("String.compareTo orders UTF-16 units").isPositive();
        assertThat(CodePointOrder.compare("\uFFFD", GRINNING_FACE)).isNegative();
        assertThat(CodePointOrder.compare(GRINNING_FACE, "\uFFFD")).isPositive();
    }

    @Test
    void putsAPrefixFirstAndUpperCaseBeforeLowerCase() {
        assertThat(CodePointOrder.compare("ab", "abc")).isNegative();
        assertThat(CodePointOrder.compare("abc", "ab")).isPositive();
        assertThat(CodePointOrder.compare("EN", "en")).isNegative();
        assertThat(CodePointOrder.compare("", "")).isZero();
        assertThat(CodePointOrder.compare("abc", "abc")).isZero();
    }
}
