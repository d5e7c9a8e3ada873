package dev.ragstore.core.filter;

import dev.ragstore.core.error.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FilterContainsTest {

    @Test
    void keepsTheTextVerbatim() {
        Filter filter = Filter.contains("note", "50%_\\ \"'");

        assertThat(filter).isEqualTo(new Filter.Contains(new MetadataField("note"), "50%_\\ \"'"));
    }

    @Test
    void rejectsAMaliciousKeyNamingIt() {
        assertThatThrownBy(() -> Filter.contains("x') or true --", "a"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("x') or true --");
    }

    @Test
    void rejectsEmptyTooLongAndNulText() {
        assertThatThrownBy(() -> Filter.contains("note", "")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("metadata['note']").hasMessageContaining("must not be empty");
        assertThatThrownBy(() -> Filter.contains("note", "x".repeat(8_193))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("at most 8192");
        assertThatThrownBy(() -> Filter.contains("note", "a\u0000b")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("NUL");
        assertThatThrownBy(() -> Filter.contains("note", null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void countsAsOneConditionTowardsTheLeafLimit() {
        List<Filter> leaves = new ArrayList<>();
        for (int i = 0; i <= Filter.MAX_LEAVES; i++) {
            leaves.add(Filter.contains("note", "x" + i));
        }

        assertThat(Filter.or(leaves.subList(0, Filter.MAX_LEAVES).toArray(Filter[]::new))).isNotNull();
        assertThatThrownBy(() -> Filter.or(leaves.toArray(Filter[]::new))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("filter.leaves");
    }
}
