package dev.ragstore.postgres.spi;

import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.filter.BuiltInField;
import dev.ragstore.core.filter.Filter;
import dev.ragstore.postgres.internal.SqlNumbers;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqlFilterTest {

    private static final SqlFilter.Columns COLUMNS = SqlFilter.Columns.of("c", "d");
    private static final long TWO_POW_53 = 9_007_199_254_740_992L;

    @Test
    void noFilterIsTrueWithoutParameters() {
        PgSql fragment = SqlFilter.translate(null, COLUMNS);

        assertThat(fragment.text()).isEqualTo("TRUE");
        assertThat(fragment.parameterCount()).isZero();
    }

    @Test
    void valuesAndKeysAreBoundNeverSpliced() {
        Filter filter = Filter.and(Filter.eq("lang_key", "v-'quoted'"), Filter.in("tag_key", "a-one", "b-two"),
                Filter.gt("year_key", 2021L), Filter.eq(BuiltInField.MIME_TYPE, "text/x-unique"));

        PgSql fragment = SqlFilter.translate(filter, COLUMNS);

        for (String literal : List.of("lang_key", "v-'quoted'", "tag_key", "a-one", "year_key", "2021", "text/x-unique")) {
            assertThat(fragment.text()).as("SQL text").doesNotContain(literal);
        }
    }

    @Test
    void everyPlaceholderHasExactlyOneBoundParameter() {
        Filter filter = Filter.or(Filter.not(Filter.exists("a")), Filter.notIn("b", 1L, 2.5, "x", true),
                Filter.lte(BuiltInField.CREATED_AT, java.time.Instant.EPOCH), Filter.in(BuiltInField.PAGE, 1L, 2L),
                Filter.ne(BuiltInField.DOCUMENT, UUID.randomUUID()), Filter.gt("n", 9_007_199_254_740_993L));

        PgSql fragment = SqlFilter.translate(filter, COLUMNS);

        long placeholders = fragment.text().chars().filter(c -> c == '?').count();
        assertThat(fragment.text()).doesNotContain(":");
        assertThat(placeholders).isEqualTo(fragment.parameterCount()).isGreaterThan(10);
    }

    @Test
    void negationsWrapThePositiveCondition() {
        String eq = SqlFilter.translate(Filter.eq("k", "v"), COLUMNS).text();
        String ne = SqlFilter.translate(Filter.ne("k", "v"), COLUMNS).text();

        assertThat(ne).isEqualTo("NOT " + eq);
    }

    @Test
    void textComparesByCodePoint() {
        assertThat(SqlFilter.translate(Filter.gt("k", "v"), COLUMNS).text()).contains("COLLATE \"C\" >");
        assertThat(SqlFilter.translate(Filter.lt(BuiltInField.MIME_TYPE, "v"), COLUMNS).text())
                .contains("d.mime_type COLLATE \"C\" <");
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
        assertThat(SqlNumbers.againstStoredDouble(TWO_POW_53 + 1, "<"))
                .isEqualTo(new SqlNumbers.Bound("<=", "9007199254740992"));
        assertThat(SqlNumbers.againstStoredDouble(TWO_POW_53 + 1, ">="))
                .isEqualTo(new SqlNumbers.Bound(">=", "9007199254740994"));
        assertThat(SqlNumbers.againstStoredDouble(TWO_POW_53 + 1, "=")).isNull();
    }

    @Test
    void exactValuesKeepEveryBitOfADouble() {
        assertThat(SqlNumbers.exact(0.1)).isEqualTo(new BigDecimal(0.1)).isNotEqualTo(new BigDecimal("0.1"));
        assertThat(SqlNumbers.exact(Long.MAX_VALUE)).isEqualTo(BigDecimal.valueOf(Long.MAX_VALUE));
    }
}
