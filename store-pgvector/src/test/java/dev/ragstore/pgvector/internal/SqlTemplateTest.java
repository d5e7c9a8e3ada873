package dev.ragstore.pgvector.internal;

import dev.ragstore.postgres.spi.PgSql;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqlTemplateTest {

    @Test
    void identifiersAreSplicedFragmentsAppendedAndParametersBoundAtEveryOccurrence() {
        PgSql filter = new PgSql().sql("v.page = ").int8(3);

        PgSql sql = SqlTemplate.of("SELECT x::text FROM {table} v WHERE v.owner_id = :owner AND {filter} "
                        + "AND v.other = :owner AND v.note <> ':not_a_parameter' AND {filter}")
                .text("table", "\"s\".\"t\"").fragment("filter", filter)
                .parameter("owner", p -> p.text("o")).render();

        assertThat(sql.text()).isEqualTo("SELECT x::text FROM \"s\".\"t\" v WHERE v.owner_id = ? AND v.page = ? "
                + "AND v.other = ? AND v.note <> ':not_a_parameter' AND v.page = ?");
        assertThat(sql.parameterCount()).isEqualTo(4);
    }

    @Test
    void aSlotOrParameterTheTemplateNamesButNobodySuppliedFailsLoudly() {
        assertThatThrownBy(() -> SqlTemplate.of("SELECT {missing}").render())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("slot {missing");
        assertThatThrownBy(() -> SqlTemplate.of("SELECT :missing").render())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("parameter :missing");
    }

    @Test
    void theReadmePrintsEverySearchTemplateVerbatim() throws IOException {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        Map<String, String> templates = Map.ofEntries(Map.entry("VECTOR", SearchSql.VECTOR),
                Map.entry("VECTOR_RANKING", SearchSql.VECTOR_RANKING), Map.entry("GATE", SearchSql.GATE),
                Map.entry("OWNER_COUNT", SearchSql.OWNER_COUNT),
                Map.entry("OWNER_REMEMBERED_LARGE", SearchSql.OWNER_REMEMBERED_LARGE),
                Map.entry("AUTOMATIC_THRESHOLD", SearchSql.AUTOMATIC_THRESHOLD),
                Map.entry("FIXED_THRESHOLD", SearchSql.FIXED_THRESHOLD), Map.entry("MULTI_VECTOR", SearchSql.MULTI_VECTOR),
                Map.entry("MAXSIM_RANKING", SearchSql.MAXSIM_RANKING), Map.entry("KEYWORD", SearchSql.KEYWORD),
                Map.entry("KEYWORD_RANKING", SearchSql.KEYWORD_RANKING), Map.entry("HYBRID", SearchSql.HYBRID),
                Map.entry("STORED_VECTORS", SearchSql.STORED_VECTORS));

        templates.forEach((name, template) -> assertThat(readme).as(name)
                .contains("### `" + name + "`\n\n```sql\n" + template + "\n```"));
    }
}
