package dev.ragstore.milvus.internal;

import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.filter.BuiltInField;
import dev.ragstore.core.filter.Filter;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MilvusFilterTest {

    @Test
    void literalEscapesBackslashQuoteAndControlCharacters() {
        assertThat(MilvusFilter.literal("plain")).isEqualTo("\"plain\"");
        assertThat(MilvusFilter.literal("a\"b")).isEqualTo("\"a\\\"b\"");
        assertThat(MilvusFilter.literal("back\\slash")).isEqualTo("\"back\\\\slash\"");
        assertThat(MilvusFilter.literal("line\nbreak\r\ttab")).isEqualTo("\"line\\nbreak\\r\\ttab\"");
    }

    @Test
    void literalKeepsUnicodeAndEverythingElseAsIs() {
        assertThat(MilvusFilter.literal("ünï 😀 中文 'single' %_ {v} \\u0041"))
                .isEqualTo("\"ünï 😀 中文 'single' %_ {v} \\\\u0041\"");
    }

    @Test
    void anInjectionAttemptStaysOneLiteral() {
        String attack = "x\" or owner_id != \"";
        String literal = MilvusFilter.literal(attack);

        assertThat(literal).isEqualTo("\"x\\\" or owner_id != \\\"\"");
        // every quote inside is escaped: the literal ends only at its last character
        assertThat(unescapedQuotes(literal)).containsExactly(0, literal.length() - 1);
    }

    @Test
    void aValueEndingInBackslashCannotEscapeTheClosingQuote() {
        String literal = MilvusFilter.literal("trailing\\");

        assertThat(literal).isEqualTo("\"trailing\\\\\"");
        assertThat(unescapedQuotes(literal)).containsExactly(0, literal.length() - 1);
    }

    @Test
    void injectionThroughAMetadataKeyIsRejectedBeforeTranslation() {
        assertThatThrownBy(() -> Filter.eq("a\"] == 1 or metadata[\"b", "x"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("metadata key")
                .hasMessageContaining("[A-Za-z0-9_.-]{1,64}");
    }

    @Test
    void noFilterMatchesEverything() {
        assertThat(MilvusFilter.translate(null).isTrue()).isTrue();
    }

    @Test
    void textEqualityIsGuardedByKindAndCoversLists() {
        Expr expr = MilvusFilter.translate(Filter.eq("lang", "en"));

        assertThat(expr.text()).isEqualTo("((metadata[\"@kind\"][\"lang\"] == \"s\" and metadata[\"lang\"] == \"en\")"
                + " or (metadata[\"@kind\"][\"lang\"] == \"l\" and json_contains_any(metadata[\"lang\"], [\"en\"])))");
    }

    @Test
    void negationMatchesAMissingKeyExplicitly() {
        Expr expr = MilvusFilter.translate(Filter.ne("draft", true));

        assertThat(expr.text()).startsWith("((not exists metadata[\"@kind\"][\"draft\"]) or ")
                .contains("(metadata[\"@kind\"][\"draft\"] == \"b\" and metadata[\"draft\"] != true)")
                .doesNotContain("not (");
    }

    @Test
    void notIsPushedDownToTheConditions() {
        Expr viaNot = MilvusFilter.translate(Filter.not(Filter.and(Filter.eq("a", "x"), Filter.gt("n", 5L))));
        Expr viaDeMorgan = MilvusFilter.translate(Filter.or(Filter.ne("a", "x"),
                Filter.not(Filter.gt("n", 5L))));

        assertThat(viaNot).isEqualTo(viaDeMorgan);
        assertThat(MilvusFilter.translate(Filter.not(Filter.not(Filter.eq("a", "x")))))
                .isEqualTo(MilvusFilter.translate(Filter.eq("a", "x")));
    }

    @Test
    void longBoundsCompareLongsExactlyAndDoublesByTheNearestExactBound() {
        long twoPow53Plus1 = 9_007_199_254_740_993L;
        String text = MilvusFilter.translate(Filter.gt("big", twoPow53Plus1)).text();

        assertThat(text).contains("metadata[\"big\"] > 9007199254740993")
                // no double equals 2^53+1: a double > it is a double >= the next double above
                .contains("metadata[\"big\"] >= 9.007199254740994E15");
    }

    @Test
    void equalityWithALongThatNoDoubleEqualsSkipsTheDoubleKind() {
        String text = MilvusFilter.translate(Filter.eq("big", 9_007_199_254_740_993L)).text();

        assertThat(text).contains("== 9007199254740993").doesNotContain("\"d\"");
    }

    @Test
    void doubleBoundsAgainstLongsUseTheFloorOrCeiling() {
        String text = MilvusFilter.translate(Filter.gte("year", 2022.5)).text();

        assertThat(text).contains("metadata[\"year\"] >= 2022.5").contains("metadata[\"year\"] >= 2023");
    }

    @Test
    void aDoubleBeyondTheLongRangeMakesTheLongBranchConstant() {
        String text = MilvusFilter.translate(Filter.gt("score", 1.0e300)).text();

        assertThat(text).isEqualTo("(metadata[\"@kind\"][\"score\"] == \"d\" and metadata[\"score\"] > 1.0E300)");
    }

    @Test
    void listOrderComparisonsUseTheStoredMaximumOrMinimum() {
        assertThat(MilvusFilter.translate(Filter.gt("tags", "x")).text()).contains("metadata[\"@max\"][\"tags\"] > \"x\"");
        assertThat(MilvusFilter.translate(Filter.lte("tags", "x")).text()).contains("metadata[\"@min\"][\"tags\"] <= \"x\"");
        assertThat(MilvusFilter.translate(Filter.not(Filter.gt("tags", "x"))).text())
                .contains("(not exists metadata[\"@max\"][\"tags\"] or metadata[\"@max\"][\"tags\"] <= \"x\")");
    }

    @Test
    void containsWithoutWildcardCharactersIsALikeOnTheValue() {
        String text = MilvusFilter.translate(Filter.contains("lang", "en\"x")).text();

        assertThat(text).contains("(metadata[\"@kind\"][\"lang\"] == \"s\" and metadata[\"lang\"] like \"%en\\\"x%\")")
                .contains("metadata[\"@like\"][\"lang\"] like \"%en\\\"x%\"");
    }

    @Test
    void containsWithWildcardCharactersSearchesTheLikeFormWithoutThem() {
        String text = MilvusFilter.translate(Filter.contains("path", "50%_\\")).text();

        assertThat(text).contains("metadata[\"@like\"][\"path\"] like \"%50\uE000\uE001\uE002%\"")
                .doesNotContain("metadata[\"path\"] like");
        String pattern = text.substring(text.indexOf("like \"") + 6);
        assertThat(pattern.substring(1, pattern.indexOf("%\""))).doesNotContain("%", "_", "\\");
    }

    @Test
    void notContainsMatchesAMissingKeyAndOtherKindsExplicitly() {
        String text = MilvusFilter.translate(Filter.not(Filter.contains("lang", "en"))).text();

        assertThat(text).contains("(not exists metadata[\"@kind\"][\"lang\"])")
                .contains("(not (metadata[\"lang\"] like \"%en%\"))");
    }

    @Test
    void uuidsCompareAsLowerCaseText() {
        UUID id = UUID.fromString("0190A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A5B");

        assertThat(MilvusFilter.translate(Filter.eq("ref", id)).text())
                .contains("metadata[\"ref\"] == \"0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b\"");
        assertThat(MilvusFilter.translate(Filter.eq(BuiltInField.KNOWLEDGE_BASE, new KnowledgeBaseId(id))).text())
                .isEqualTo("knowledge_base_id == \"0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b\"");
    }

    @Test
    void inOnMetadataIsAnOrChainNotAnInList() {
        String text = MilvusFilter.translate(Filter.in("n", 1L, 2L)).text();

        assertThat(text).contains("metadata[\"n\"] == 1 or metadata[\"n\"] == 2").doesNotContain("metadata[\"n\"] in");
    }

    @Test
    void builtInFieldsMapToScalarFields() {
        assertThat(MilvusFilter.translate(Filter.in(BuiltInField.MIME_TYPE, "a", "b")).text())
                .isEqualTo("mime_type in [\"a\", \"b\"]");
        assertThat(MilvusFilter.translate(Filter.notIn(BuiltInField.MIME_TYPE, "a")).text())
                .isEqualTo("mime_type != \"a\"");
        assertThat(MilvusFilter.translate(Filter.eq(BuiltInField.PAGE, 2L)).text()).isEqualTo("page in [2]");
        assertThat(MilvusFilter.translate(Filter.ne(BuiltInField.PAGE, 2L)).text())
                .isEqualTo("(page is null or page not in [2])");
        assertThat(MilvusFilter.translate(Filter.exists(BuiltInField.PAGE)).text()).isEqualTo("page is not null");
        assertThat(MilvusFilter.translate(Filter.exists(BuiltInField.MIME_TYPE)).isTrue()).isTrue();
        assertThat(MilvusFilter.translate(Filter.not(Filter.exists(BuiltInField.DOCUMENT))).isFalse()).isTrue();
    }

    @Test
    void createdAtComparesEpochMicrosecondsExactly() {
        Instant whole = Instant.parse("2024-05-01T10:00:00.000001Z");
        Instant fraction = whole.plusNanos(500);

        assertThat(MilvusFilter.translate(Filter.eq(BuiltInField.CREATED_AT, whole)).text())
                .isEqualTo("created_at == 1714557600000001");
        assertThat(MilvusFilter.translate(Filter.eq(BuiltInField.CREATED_AT, fraction)).isFalse()).isTrue();
        assertThat(MilvusFilter.translate(Filter.gte(BuiltInField.CREATED_AT, fraction)).text())
                .isEqualTo("created_at >= 1714557600000002");
        assertThat(MilvusFilter.translate(Filter.gt(BuiltInField.CREATED_AT, fraction)).text())
                .isEqualTo("created_at > 1714557600000001");
        assertThat(MilvusFilter.translate(Filter.lt(BuiltInField.CREATED_AT, Instant.MAX)).isTrue()).isTrue();
    }

    @Test
    void constantsFoldAway() {
        Instant fraction = Instant.parse("2024-05-01T10:00:00.0000005Z");

        assertThat(MilvusFilter.translate(Filter.and(Filter.eq("a", "x"), Filter.exists(BuiltInField.MIME_TYPE))))
                .isEqualTo(MilvusFilter.translate(Filter.eq("a", "x")));
        assertThat(MilvusFilter.translate(Filter.and(Filter.eq("a", "x"), Filter.eq(BuiltInField.CREATED_AT, fraction)))
                .isFalse()).isTrue();
        assertThat(MilvusFilter.translate(Filter.or(Filter.eq("a", "x"), Filter.ne(BuiltInField.CREATED_AT, fraction)))
                .isTrue()).isTrue();
    }

    @Test
    void scopeHelpersQuoteTheirValues() {
        assertThat(MilvusFilter.textIn(MilvusFilter.CHUNK_ID, List.of("a\"b")).text()).isEqualTo("chunk_id in [\"a\\\"b\"]");
        assertThat(MilvusFilter.textIn(MilvusFilter.CHUNK_ID, List.of()).isFalse()).isTrue();
    }

    /** Positions of double quotes not preceded by an escaping backslash. */
    private static List<Integer> unescapedQuotes(String literal) {
        List<Integer> positions = new java.util.ArrayList<>();
        boolean escaped = false;
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                positions.add(i);
            }
        }
        return positions;
    }
}
