package dev.ragstore.postgres.internal;

import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.filter.BuiltInField;
import dev.ragstore.core.filter.Filter;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqlFilterTest {

    private static final SqlFilter.Columns COLUMNS = SqlFilter.Columns.of("c", "d");
    private static final long TWO_POW_53 = 9_007_199_254_740_992L;

    @Test
    void noFilterIsTrueWithoutParameters() {
        SqlFilter.Fragment fragment = SqlFilter.translate(null, COLUMNS, "f");

        assertThat(fragment.sql()).isEqualTo("TRUE");
        assertThat(fragment.parameters()).isEmpty();
    }

    @Test
    void valuesAndKeysAreBoundNeverSpliced() {
        Filter filter = Filter.and(Filter.eq("lang_key", "v-'quoted'"), Filter.in("tag_key", "a-one", "b-two"),
                Filter.gt("year_key", 2021L), Filter.eq(BuiltInField.MIME_TYPE, "text/x-unique"));

        SqlFilter.Fragment fragment = SqlFilter.translate(filter, COLUMNS, "f");

        for (String literal : List.of("lang_key", "v-'quoted'", "tag_key", "a-one", "year_key", "2021", "text/x-unique")) {
            assertThat(fragment.sql()).as("SQL text").doesNotContain(literal);
        }
        assertThat(fragment.parameters().values()).contains("lang_key", "v-'quoted'", "text/x-unique");
        assertThat(fragment.parameters().values()).anySatisfy(v -> assertThat(v).isEqualTo(new String[] {"a-one", "b-two"}));
        assertThat(fragment.parameters().keySet()).allMatch(name -> name.matches("f[0-9]+"));
    }

    @Test
    void everyParameterTheSqlNamesIsBoundAndViceVersa() {
        Filter filter = Filter.or(Filter.not(Filter.exists("a")), Filter.notIn("b", 1L, 2.5, "x", true),
                Filter.lte(BuiltInField.CREATED_AT, java.time.Instant.EPOCH), Filter.in(BuiltInField.PAGE, 1L, 2L),
                Filter.ne(BuiltInField.DOCUMENT, UUID.randomUUID()));

        SqlFilter.Fragment fragment = SqlFilter.translate(filter, COLUMNS, "p_");

        java.util.Set<String> named = new java.util.TreeSet<>();
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile(":(p_[0-9]+)").matcher(fragment.sql());
        while (matcher.find()) {
            named.add(matcher.group(1));
        }
        // a parameter may be used more than once (a key in several places), but none is unused or unbound
        assertThat(named).isEqualTo(new java.util.TreeSet<>(fragment.parameters().keySet()));
    }

    @Test
    void negationsWrapThePositiveCondition() {
        String eq = SqlFilter.translate(Filter.eq("k", "v"), COLUMNS, "f").sql();
        String ne = SqlFilter.translate(Filter.ne("k", "v"), COLUMNS, "f").sql();

        assertThat(ne).isEqualTo("NOT " + eq);
    }

    @Test
    void textComparesByCodePoint() {
        assertThat(SqlFilter.translate(Filter.gt("k", "v"), COLUMNS, "f").sql()).contains("COLLATE \"C\" >");
        assertThat(SqlFilter.translate(Filter.lt(BuiltInField.MIME_TYPE, "v"), COLUMNS, "f").sql())
                .contains("d.mime_type COLLATE \"C\" <");
    }

    @Test
    void rejectsAParameterPrefixThatIsNotAnIdentifier() {
        assertThatThrownBy(() -> SqlFilter.translate(Filter.exists("k"), COLUMNS, "f;--"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("parameterPrefix must match");
    }

    @Test
    void rejectsAColumnThatIsNotAPlainReference() {
        assertThatThrownBy(() -> new SqlFilter.Columns("c.kb", "c.doc", "d.mime", "c.page OR true", "c.created", "c.metadata"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("filter column must be a column reference")
                .hasMessageContaining("c.page OR true");
    }

    @Test
    void aStoredDoubleEqualsALongOnlyWhenADoubleCanHoldIt() {
        assertThat(SqlNumbers.shortestEqual(TWO_POW_53)).isEqualByComparingTo(new BigDecimal(TWO_POW_53));
        assertThat(SqlNumbers.shortestEqual(TWO_POW_53 + 1)).isNull();
        assertThat(SqlNumbers.shortestEqual(Long.MAX_VALUE)).isNull();
        assertThat(SqlNumbers.shortestEqual(0.1)).isEqualTo(new BigDecimal("0.1"));
    }

    @Test
    void aLongBetweenTwoDoublesComparesWithItsNeighbours() {
        List<Object> bound = new ArrayList<>();

        String below = SqlNumbers.againstStoredDouble(TWO_POW_53 + 1, "<", "n", value -> {
            bound.add(value);
            return ":x";
        });
        String above = SqlNumbers.againstStoredDouble(TWO_POW_53 + 1, ">=", "n", value -> {
            bound.add(value);
            return ":y";
        });

        assertThat(below).isEqualTo("n <= CAST(:x AS numeric)");
        assertThat(above).isEqualTo("n >= CAST(:y AS numeric)");
        assertThat(bound).containsExactly("9007199254740992", "9007199254740994");
        assertThat(SqlNumbers.againstStoredDouble(TWO_POW_53 + 1, "=", "n", value -> ":z")).isEqualTo("false");
    }

    @Test
    void exactValuesKeepEveryBitOfADouble() {
        assertThat(SqlNumbers.exact(0.1)).isEqualTo(new BigDecimal(0.1)).isNotEqualTo(new BigDecimal("0.1"));
        assertThat(SqlNumbers.exact(Long.MAX_VALUE)).isEqualTo(BigDecimal.valueOf(Long.MAX_VALUE));
    }
}
