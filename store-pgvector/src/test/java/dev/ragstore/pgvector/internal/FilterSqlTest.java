package dev.ragstore.pgvector.internal;

import dev.ragstore.core.filter.Filter;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FilterSqlTest {

    @Test
    void namedParametersBecomePositionalAndRepeatsBindAgain() {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("f0", "x");
        parameters.put("f1", 5L);

        SqlParams sql = FilterSql.positional("(a = :f0 OR b = :f0) AND c::text > CAST(:f1 AS numeric) AND d = ':f9'",
                parameters);

        assertThat(sql.text()).isEqualTo("(a = ? OR b = ?) AND c::text > CAST(? AS numeric) AND d = ':f9'");
    }

    @Test
    void quotedIdentifiersAreLeftAlone() {
        SqlParams sql = FilterSql.positional("(v.mime_type COLLATE \"C\" > :f0)", Map.of("f0", "text/m"));

        assertThat(sql.text()).isEqualTo("(v.mime_type COLLATE \"C\" > ?)");
    }

    @Test
    void anUnknownParameterIsAProgrammingError() {
        assertThatThrownBy(() -> FilterSql.positional("a = :f3", Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("f3");
    }

    @Test
    void aFilterTranslatesWithOnlyPlaceholders() {
        SqlParams sql = FilterSql.of(Filter.and(Filter.eq("lang", "it's"), Filter.gt("year", 2020L)), "v");

        assertThat(sql.text()).doesNotContain("it's").doesNotContain("2020").contains("v.metadata");
    }
}
