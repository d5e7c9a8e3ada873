package dev.ragstore.postgres;

import dev.ragstore.core.chunk.Chunk;
import dev.ragstore.core.document.Document;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.filter.BuiltInField;
import dev.ragstore.core.filter.Filter;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.user.UserId;
import dev.ragstore.postgres.spi.PgScope;
import dev.ragstore.postgres.spi.PgSql;
import dev.ragstore.postgres.spi.SqlFilter;
import dev.ragstore.testkit.FilterSemanticsTable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The filter semantics table of the contract kit, evaluated by {@link SqlFilter} on real rows:
 * the seven fixtures are stored as chunks, every row's filter runs as SQL, and exactly the
 * expected chunks must come back. Built-in fields get rows of their own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SqlFilterIT {

    @RegisterExtension
    static final PgSchemaExtension PG = new PgSchemaExtension("sql_filter");

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00.000001Z");

    private PostgresStore store;
    private UserId owner;
    private KnowledgeBase plainBase;
    private KnowledgeBase markdownBase;
    private Document plain;
    private Document markdown;
    private final Map<UUID, String> names = new HashMap<>();

    @BeforeAll
    void storeTheFixtures() {
        store = PG.store();
        PgFixtures fixtures = new PgFixtures(store);
        owner = fixtures.user();
        plainBase = fixtures.knowledgeBase(owner);
        markdownBase = fixtures.knowledgeBase(owner);
        plain = fixtures.document(owner, plainBase.id(), "text/plain");
        markdown = fixtures.document(owner, markdownBase.id(), "text/markdown");
        List<Chunk> plainChunks = new ArrayList<>();
        List<Chunk> markdownChunks = new ArrayList<>();
        int index = 0;
        for (FilterSemanticsTable.Fixture fixture : FilterSemanticsTable.fixtures()) {
            // A-D are plain text on pages 1-4, E-G markdown without pages; created one second apart
            boolean isPlain = fixture.name().compareTo("E") < 0;
            Chunk chunk = fixtures.chunk(isPlain ? plain : markdown, index, isPlain ? index + 1 : null, fixture.metadata(),
                    T0.plusSeconds(index));
            (isPlain ? plainChunks : markdownChunks).add(chunk);
            names.put(chunk.id().value(), fixture.name());
            index++;
        }
        store.chunks().replace(owner, plain.id(), plainChunks);
        store.chunks().replace(owner, markdown.id(), markdownChunks);
        // another owner's chunk with matching metadata must never show up
        PgFixtures other = new PgFixtures(store);
        UserId stranger = other.user();
        Document strangers = other.document(stranger, other.knowledgeBase(stranger).id(), "text/plain");
        store.chunks().replace(stranger, strangers.id(), List.of(other.chunk(strangers, 0, 1,
                FilterSemanticsTable.fixtures().get(0).metadata(), T0)));
    }

    @AfterAll
    void closeStore() {
        store.close();
    }

    Stream<Arguments> metadataRows() {
        return FilterSemanticsTable.rows().stream().map(row -> Arguments.of(row.description(), row.filter(), row.expected()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("metadataRows")
    void metadataRowMatchesExactlyTheExpectedChunks(String description, Filter filter, Set<String> expected) {
        assertThat(matching(filter)).as(description + " with " + filter).isEqualTo(new TreeSet<>(expected));
    }

    Stream<Arguments> builtInRows() {
        return Stream.of(
                Arguments.of("knowledge base eq", Filter.eq(BuiltInField.KNOWLEDGE_BASE, plainBase.id()), "ABCD"),
                Arguments.of("knowledge base ne", Filter.ne(BuiltInField.KNOWLEDGE_BASE, plainBase.id()), "EFG"),
                Arguments.of("knowledge base in", Filter.in(BuiltInField.KNOWLEDGE_BASE, plainBase.id(), markdownBase.id()), "ABCDEFG"),
                Arguments.of("document eq by uuid", Filter.eq(BuiltInField.DOCUMENT, markdown.id().value()), "EFG"),
                Arguments.of("document notIn", Filter.notIn(BuiltInField.DOCUMENT, markdown.id()), "ABCD"),
                Arguments.of("mime type eq", Filter.eq(BuiltInField.MIME_TYPE, "text/plain"), "ABCD"),
                Arguments.of("mime type orders by code point", Filter.lt(BuiltInField.MIME_TYPE, "text/n"), "EFG"),
                Arguments.of("mime type in", Filter.in(BuiltInField.MIME_TYPE, "text/markdown", "x"), "EFG"),
                Arguments.of("page eq", Filter.eq(BuiltInField.PAGE, 2L), "B"),
                Arguments.of("page gt", Filter.gt(BuiltInField.PAGE, 2L), "CD"),
                Arguments.of("page lte with integer", Filter.lte(BuiltInField.PAGE, 2), "AB"),
                Arguments.of("page in", Filter.in(BuiltInField.PAGE, 1L, 4L, 9L), "AD"),
                Arguments.of("page ne matches chunks without a page", Filter.ne(BuiltInField.PAGE, 1L), "BCDEFG"),
                Arguments.of("page notIn matches chunks without a page", Filter.notIn(BuiltInField.PAGE, 1L, 2L), "CDEFG"),
                Arguments.of("page exists", Filter.exists(BuiltInField.PAGE), "ABCD"),
                Arguments.of("no page", Filter.not(Filter.exists(BuiltInField.PAGE)), "EFG"),
                Arguments.of("created at gte", Filter.gte(BuiltInField.CREATED_AT, T0.plusSeconds(5)), "FG"),
                Arguments.of("created at lt is exact to the microsecond", Filter.lt(BuiltInField.CREATED_AT,
                        T0.plusSeconds(1).plusNanos(1_000)), "AB"),
                Arguments.of("created at eq", Filter.eq(BuiltInField.CREATED_AT, T0.plusSeconds(2)), "C"),
                Arguments.of("created at in", Filter.in(BuiltInField.CREATED_AT, T0, T0.plusSeconds(6)), "AG"),
                Arguments.of("exists on an always-present field", Filter.exists(BuiltInField.MIME_TYPE), "ABCDEFG"),
                Arguments.of("built-in and metadata together", Filter.and(Filter.eq(BuiltInField.MIME_TYPE, "text/plain"),
                        Filter.eq("draft", false)), "AD"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builtInRows")
    void builtInRowMatchesExactlyTheExpectedChunks(String description, Filter filter, String expected) {
        Set<String> names = new TreeSet<>();
        expected.chars().forEach(c -> names.add(String.valueOf((char) c)));

        assertThat(matching(filter)).as(description).isEqualTo(names);
    }

    @Test
    void aValueCarryingSqlIsBoundAndMatchesNothing() {
        Filter injection = Filter.or(Filter.eq("lang", "en' OR '1'='1"), Filter.eq("lang", "x'); DROP TABLE "
                + PG.schema() + ".chunks; --"), Filter.in(BuiltInField.MIME_TYPE, "text/plain' OR 'a'='a"));

        assertThat(matching(injection)).isEmpty();
        assertThat(matching(Filter.exists(BuiltInField.MIME_TYPE))).hasSize(7);
    }

    @Test
    void aKeyCarryingSqlIsRejectedBeforeAnyQuery() {
        assertThatThrownBy(() -> Filter.eq("lang') OR true --", "en"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("metadata key")
                .hasMessageContaining("[A-Za-z0-9_.-]{1,64}");
    }

    @Test
    void aKeyThatLooksLikeJsonPathIsOnlyAKey() {
        // '.' and '-' are allowed in keys; they must not be read as a path or an operator
        assertThat(matching(Filter.exists("lang.x"))).isEmpty();
        assertThat(matching(Filter.not(Filter.exists("a-b")))).hasSize(7);
    }

    @Test
    void noFilterMatchesEverything() {
        assertThat(matching(null)).hasSize(7);
    }

    private Set<String> matching(Filter filter) {
        PgSql sql = new PgSql().sql("SELECT c.id FROM " + PG.schema() + ".chunks c JOIN " + PG.schema()
                + ".documents d ON d.id = c.document_id AND d.owner_id = c.owner_id WHERE c.owner_id = ").uuid(owner.value())
                .sql(" AND ").append(SqlFilter.translate(filter, SqlFilter.Columns.of("c", "d")));
        List<UUID> ids = store.host().read(PgScope.owner(owner), session -> session.query(sql, List.of(), rows -> {
            List<UUID> found = new java.util.ArrayList<>();
            while (rows.next()) {
                found.add(rows.getObject(1, UUID.class));
            }
            return found;
        }));
        Set<String> matched = new TreeSet<>();
        for (UUID id : ids) {
            matched.add(names.getOrDefault(id, "another owner's chunk " + id));
        }
        return matched;
    }
}
