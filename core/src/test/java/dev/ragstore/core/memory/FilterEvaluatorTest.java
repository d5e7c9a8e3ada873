package dev.ragstore.core.memory;

import dev.ragstore.core.chunk.ChunkId;
import dev.ragstore.core.chunk.DistanceMetric;
import dev.ragstore.core.chunk.Embedding;
import dev.ragstore.core.chunk.EmbeddingSpace;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.filter.BuiltInField;
import dev.ragstore.core.filter.Filter;
import dev.ragstore.core.filter.FilterField;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.search.IndexedChunk;
import dev.ragstore.core.user.UserId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static dev.ragstore.core.filter.Filter.and;
import static dev.ragstore.core.filter.Filter.eq;
import static dev.ragstore.core.filter.Filter.exists;
import static dev.ragstore.core.filter.Filter.gt;
import static dev.ragstore.core.filter.Filter.gte;
import static dev.ragstore.core.filter.Filter.in;
import static dev.ragstore.core.filter.Filter.lt;
import static dev.ragstore.core.filter.Filter.lte;
import static dev.ragstore.core.filter.Filter.ne;
import static dev.ragstore.core.filter.Filter.not;
import static dev.ragstore.core.filter.Filter.notIn;
import static dev.ragstore.core.filter.Filter.or;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** The semantics table of {@link Filter} against one chunk with every kind of value. */
class FilterEvaluatorTest {

    private static final UUID ID = UUID.fromString("0190aaaa-bbbb-7ccc-8ddd-eeeeffff0000");
    private static final UUID KNOWLEDGE_BASE = UUID.fromString("01900000-0000-7000-8000-00000000000a");
    private static final UUID DOCUMENT = UUID.fromString("01900000-0000-7000-8000-00000000000d");
    private static final Instant CREATED = Instant.parse("2025-03-01T12:00:00Z");
    private static final long TWO_53_PLUS_1 = 9_007_199_254_740_993L;
    private static final double TWO_53 = 9_007_199_254_740_992.0;
    private static final String GRINNING_FACE = "\uD83D\uDE00";

    private static final IndexEntry CHUNK = entry(3, metadata());
    private static final IndexEntry NO_PAGE = entry(null, Map.of());

    private static Map<String, Object> metadata() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lang", "en");
        m.put("n", 5L);
        m.put("x", 2.5);
        m.put("flag", true);
        m.put("id", ID);
        m.put("tags", List.of("a", "b"));
        m.put("big", TWO_53_PLUS_1);
        m.put("bigd", TWO_53);
        m.put("negzero", -0.0);
        m.put("emoji", GRINNING_FACE);
        return m;
    }

    private static IndexEntry entry(Integer page, Map<String, Object> metadata) {
        IndexedChunk chunk = new IndexedChunk(new ChunkId(UUID.randomUUID()), new UserId(UUID.randomUUID()),
                new KnowledgeBaseId(KNOWLEDGE_BASE), new DocumentId(DOCUMENT), 0, page, "text/plain", "text", metadata,
                CREATED, List.of(Embedding.of(1f)));
        return IndexEntry.of(chunk, EmbeddingSpace.of("s", "m", 1, DistanceMetric.COSINE));
    }

    static Stream<Arguments> table() {
        return Stream.of(
                // eq: by kind, exact numbers, lists, UUID as lower-case text
                arguments("eq text", eq("lang", "en"), true),
                arguments("eq other text", eq("lang", "fr"), false),
                arguments("eq missing key", eq("missing", "x"), false),
                arguments("eq long", eq("n", 5L), true),
                arguments("eq long to equal double", eq("n", 5.0), true),
                arguments("eq long to other double", eq("n", 5.5), false),
                arguments("eq double", eq("x", 2.5), true),
                arguments("eq double to long", eq("x", 2L), false),
                arguments("eq 2^53+1 long to same long", eq("big", TWO_53_PLUS_1), true),
                arguments("eq 2^53+1 long to 2^53 double", eq("big", TWO_53), false),
                arguments("eq 2^53 double to 2^53 long", eq("bigd", 9_007_199_254_740_992L), true),
                arguments("eq 2^53 double to 2^53+1 long", eq("bigd", TWO_53_PLUS_1), false),
                arguments("eq -0.0 to 0.0", eq("negzero", 0.0), true),
                arguments("eq -0.0 to 0", eq("negzero", 0L), true),
                arguments("eq boolean", eq("flag", true), true),
                arguments("eq boolean to text", eq("flag", "true"), false),
                arguments("eq long to text", eq("n", "5"), false),
                arguments("eq text to long", eq("lang", 5L), false),
                arguments("eq uuid", eq("id", ID), true),
                arguments("eq uuid to its text", eq("id", ID.toString()), true),
                arguments("eq uuid to upper-case text", eq("id", ID.toString().toUpperCase()), false),
                arguments("eq list element", eq("tags", "a"), true),
                arguments("eq no list element", eq("tags", "c"), false),
                arguments("eq knowledge base", eq(BuiltInField.KNOWLEDGE_BASE, new KnowledgeBaseId(KNOWLEDGE_BASE)), true),
                arguments("eq other knowledge base", eq(BuiltInField.KNOWLEDGE_BASE, DOCUMENT), false),
                arguments("eq document", eq(BuiltInField.DOCUMENT, new DocumentId(DOCUMENT)), true),
                arguments("eq mime type", eq(BuiltInField.MIME_TYPE, "text/plain"), true),
                arguments("eq page long", eq(BuiltInField.PAGE, 3L), true),
                arguments("eq page int", eq(BuiltInField.PAGE, 3), true),
                arguments("eq created at", eq(BuiltInField.CREATED_AT, CREATED), true),
                // ne = not(eq)
                arguments("ne same text", ne("lang", "en"), false),
                arguments("ne other text", ne("lang", "fr"), true),
                arguments("ne missing key", ne("missing", "x"), true),
                arguments("ne list holding it", ne("tags", "a"), false),
                arguments("ne list without it", ne("tags", "c"), true),
                arguments("ne other kind", ne("flag", "true"), true),
                arguments("ne 2^53+1 long vs 2^53 double", ne("big", TWO_53), true),
                arguments("ne page", ne(BuiltInField.PAGE, 3L), false),
                // in / notIn
                arguments("in hit", in("lang", "fr", "en"), true),
                arguments("in miss", in("lang", "fr"), false),
                arguments("in missing key", in("missing", "x"), false),
                arguments("in list element", in("tags", "c", "b"), true),
                arguments("in mixed numbers", in("n", 1L, 5.0), true),
                arguments("in other kinds", in("n", "5", true), false),
                arguments("notIn hit", notIn("lang", "fr", "en"), false),
                arguments("notIn miss", notIn("lang", "fr"), true),
                arguments("notIn missing key", notIn("missing", "x"), true),
                arguments("notIn list element", notIn("tags", "c", "b"), false),
                arguments("notIn list without", notIn("tags", "c"), true),
                // order comparisons
                arguments("gt long", gt("n", 4L), true),
                arguments("gt equal long", gt("n", 5L), false),
                arguments("gte equal long", gte("n", 5L), true),
                arguments("lt long vs double", lt("n", 5.5), true),
                arguments("lt equal long", lt("n", 5L), false),
                arguments("lte long vs equal double", lte("n", 5.0), true),
                arguments("gt double vs long", gt("x", 2L), true),
                arguments("gt 2^53+1 vs 2^53 double", gt("big", TWO_53), true),
                arguments("lte 2^53+1 vs 2^53 double", lte("big", TWO_53), false),
                arguments("lt 2^53 double vs 2^53+1", lt("bigd", TWO_53_PLUS_1), true),
                arguments("gt text", gt("lang", "a"), true),
                arguments("lt text", lt("lang", "z"), true),
                arguments("gt text vs number", gt("lang", 1L), false),
                arguments("lt text vs number", lt("lang", 1L), false),
                arguments("lte number vs text", lte("n", "9"), false),
                arguments("gt missing key", gt("missing", 1L), false),
                arguments("lt missing key", lt("missing", 1L), false),
                arguments("gt list element", gt("tags", "a"), true),
                arguments("lt list element", lt("tags", "a"), false),
                arguments("gte list element", gte("tags", "b"), true),
                arguments("gt by code point above U+FFFF", gt("emoji", "\uFFFD"), true),
                arguments("lt by code point above U+FFFF", lt("emoji", "\uFFFD"), false),
                arguments("gt boolean vs number", gt("flag", 0L), false),
                arguments("gt page", gt(BuiltInField.PAGE, 2L), true),
                arguments("lt page", lt(BuiltInField.PAGE, 3L), false),
                arguments("gt mime type", gt(BuiltInField.MIME_TYPE, "text/html"), true),
                arguments("gte created at", gte(BuiltInField.CREATED_AT, CREATED), true),
                arguments("lt created at", lt(BuiltInField.CREATED_AT, CREATED), false),
                arguments("gt created at earlier", gt(BuiltInField.CREATED_AT, CREATED.minusNanos(1)), true),
                // exists
                arguments("exists key", exists("lang"), true),
                arguments("exists missing key", exists("missing"), false),
                arguments("exists page", exists(BuiltInField.PAGE), true),
                arguments("exists mime type", exists(BuiltInField.MIME_TYPE), true),
                // and / or / not
                arguments("and both", and(eq("lang", "en"), gt("n", 4L)), true),
                arguments("and one", and(eq("lang", "en"), gt("n", 5L)), false),
                arguments("or one", or(eq("lang", "fr"), eq("n", 5L)), true),
                arguments("or none", or(eq("lang", "fr"), eq("n", 6L)), false),
                arguments("not false", not(eq("lang", "fr")), true),
                arguments("not true", not(eq("lang", "en")), false),
                arguments("not on missing key", not(eq("missing", "x")), true),
                arguments("not exists missing", not(exists("missing")), true),
                arguments("not gt missing", not(gt("missing", 1L)), true),
                arguments("nested", and(or(eq("lang", "fr"), in("tags", "b")), not(exists("missing"))), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void evaluatesTheDocumentedSemantics(String name, Filter filter, boolean expected) {
        assertEquals(expected, FilterEvaluator.matches(filter, CHUNK), name);
    }

    @Test
    void treatsAChunkWithoutPageAsMissingThePageField() {
        assertThat(FilterEvaluator.matches(exists(BuiltInField.PAGE), NO_PAGE)).isFalse();
        assertThat(FilterEvaluator.matches(eq(BuiltInField.PAGE, 1L), NO_PAGE)).isFalse();
        assertThat(FilterEvaluator.matches(gte(BuiltInField.PAGE, 0L), NO_PAGE)).isFalse();
        assertThat(FilterEvaluator.matches(ne(BuiltInField.PAGE, 1L), NO_PAGE)).isTrue();
        assertThat(FilterEvaluator.matches(notIn(BuiltInField.PAGE, 1L), NO_PAGE)).isTrue();
    }

    @Test
    void matchesEverythingWithoutAFilter() {
        assertThat(FilterEvaluator.matches(null, NO_PAGE)).isTrue();
    }

    @Test
    void evaluatesAgainstAnyValueSource() {
        Map<FilterField, Object> values = Map.of(Filter.metadata("k"), "v");
        assertThat(FilterEvaluator.matches(eq("k", "v"), values::get)).isTrue();
        assertThat(FilterEvaluator.matches(eq("k", "w"), values::get)).isFalse();
    }

    @Test
    void ordersTextByCodePointNotByUtf16Unit() {
        assertThat("\uFFFD".compareTo(GRINNING_FACE)).as("String.compareTo orders UTF-16 units").isPositive();
        assertThat(FilterEvaluator.compare("\uFFFD", GRINNING_FACE)).isEqualTo(-1);
        assertThat(FilterEvaluator.compare("ab", "abc")).isEqualTo(-1);
        assertThat(FilterEvaluator.compare("abc", "abc")).isZero();
    }

    @Test
    void comparesMixedNumbersExactly() {
        assertThat(FilterEvaluator.compareNumbers(TWO_53_PLUS_1, TWO_53)).isPositive();
        assertThat(FilterEvaluator.compareNumbers(Long.MAX_VALUE, 9.223372036854775807E18)).isNegative();
        assertThat(FilterEvaluator.compareNumbers(-1L, -0.5)).isNegative();
        assertThat(FilterEvaluator.compareNumbers(0L, -0.0)).isZero();
    }
}
