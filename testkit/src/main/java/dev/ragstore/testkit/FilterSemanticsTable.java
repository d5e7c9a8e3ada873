package dev.ragstore.testkit;

import dev.ragstore.core.filter.Filter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import static dev.ragstore.core.filter.Filter.and;
import static dev.ragstore.core.filter.Filter.contains;
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

/**
 * The metadata filter semantics of {@link Filter} as a table every adapter runs: seven chunks
 * with known metadata ({@link #fixtures()}) and rows of a filter and exactly the chunks it must
 * match ({@link #rows()}). It covers every operator on text, booleans, Longs (including
 * 2<sup>53</sup>+1 against 2<sup>53</sup> and {@link Long#MAX_VALUE}), Doubles, UUIDs and lists
 * of strings; comparisons across Long and Double by exact numeric value; values of another kind
 * never matching; text ordered by code point; and the missing-key rule ({@code ne}, {@code notIn}
 * and {@code not} match a chunk without the key); and {@code contains} as a literal,
 * case-sensitive substring whose text may hold {@code %}, {@code _}, {@code \}, quotes and
 * non-ASCII characters that no adapter may read as wildcards, escapes or syntax. Used by {@link SearchFilterContract} and
 * {@link VectorIndexContract}.
 */
public final class FilterSemanticsTable {

    /** 2<sup>53</sup>: the largest Long every double can represent exactly along with its neighbours below. */
    public static final long TWO_POW_53 = 9_007_199_254_740_992L;
    /** The first UUID of the fixtures (chunk A). */
    public static final UUID U1 = UUID.fromString("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");
    /** The second UUID of the fixtures (chunk B). */
    public static final UUID U2 = UUID.fromString("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c");

    private static final Set<String> ALL = Set.of("A", "B", "C", "D", "E", "F", "G");

    private FilterSemanticsTable() {
    }

    /** A chunk of the table: its name and its metadata. */
    public record Fixture(String name, Map<String, Object> metadata) {

        public Fixture {
            Objects.requireNonNull(name, "name");
            metadata = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        }
    }

    /** A row: a filter and the names of exactly the fixtures it matches. */
    public record Row(String description, Filter filter, Set<String> expected) {

        public Row {
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(filter, "filter");
            expected = Set.copyOf(expected);
        }

        @Override
        public String toString() {
            return description + " -> " + new java.util.TreeSet<>(expected);
        }
    }

    /** The names of every fixture. */
    public static Set<String> names() {
        return ALL;
    }

    /** The seven chunks every row is evaluated against, in a fixed order. */
    public static List<Fixture> fixtures() {
        List<Fixture> fixtures = new ArrayList<>();
        fixtures.add(fixture("A", "lang", "en", "draft", false, "year", 2021L, "score", 0.5, "tags", List.of("x", "y"),
                "big", TWO_POW_53 + 1, "ref", U1, "kind", "1", "note", "50% off_now"));
        fixtures.add(fixture("B", "lang", "de", "draft", true, "year", 2022L, "score", 1.5, "tags", List.of("y"),
                "big", TWO_POW_53, "ref", U2, "kind", 1L, "note", "C:\\dir\\file"));
        fixtures.add(fixture("C", "lang", "fr", "year", 2023L, "score", 2.0, "tags", List.of("z"), "kind", true,
                "note", "it's \"quoted\" 5Xoff"));
        fixtures.add(fixture("D", "lang", "EN", "draft", false, "year", -5L, "score", -1.25, "kind", 1.0,
                "note", "naïve 日本語 ✓ \uD83D\uDE00 offXnow"));
        fixtures.add(fixture("E"));
        fixtures.add(fixture("F", "lang", "é", "year", Long.MAX_VALUE, "score", 1.0e300, "tags", List.of()));
        fixtures.add(fixture("G", "lang", "english", "year", 2022.0, "big", (double) TWO_POW_53));
        return List.copyOf(fixtures);
    }

    /** Every row of the table. */
    public static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        // text
        rows.add(row("text eq is exact and case-sensitive", eq("lang", "en"), "A"));
        rows.add(row("text ne matches chunks without the key", ne("lang", "en"), "B", "C", "D", "E", "F", "G"));
        rows.add(row("text in", in("lang", "de", "fr", "xx"), "B", "C"));
        rows.add(row("text notIn matches chunks without the key", notIn("lang", "de", "fr"), "A", "D", "E", "F", "G"));
        rows.add(row("text gt orders by code point", gt("lang", "en"), "C", "F", "G"));
        rows.add(row("text gte orders by code point", gte("lang", "en"), "A", "C", "F", "G"));
        rows.add(row("text lt orders upper case before lower case", lt("lang", "en"), "B", "D"));
        rows.add(row("text lte", lte("lang", "en"), "A", "B", "D"));
        rows.add(row("exists on text", exists("lang"), "A", "B", "C", "D", "F", "G"));
        rows.add(row("not exists", not(exists("lang")), "E"));
        // booleans
        rows.add(row("boolean eq false", eq("draft", false), "A", "D"));
        rows.add(row("boolean eq true", eq("draft", true), "B"));
        rows.add(row("boolean ne matches chunks without the key", ne("draft", true), "A", "C", "D", "E", "F", "G"));
        rows.add(row("boolean in", in("draft", true, false), "A", "B", "D"));
        rows.add(row("boolean notIn", notIn("draft", false), "B", "C", "E", "F", "G"));
        rows.add(row("exists on boolean", exists("draft"), "A", "B", "D"));
        // Longs, and Long against Double
        rows.add(row("long eq matches an equal double", eq("year", 2022L), "B", "G"));
        rows.add(row("long ne", ne("year", 2022L), "A", "C", "D", "E", "F"));
        rows.add(row("long gt", gt("year", 2022L), "C", "F"));
        rows.add(row("long gte", gte("year", 2022L), "B", "C", "F", "G"));
        rows.add(row("long lt", lt("year", 2022L), "A", "D"));
        rows.add(row("long lte", lte("year", 2021L), "A", "D"));
        rows.add(row("long in", in("year", 2021L, 2023L), "A", "C"));
        rows.add(row("long notIn", notIn("year", 2021L, 2023L), "B", "D", "E", "F", "G"));
        rows.add(row("long eq Long.MAX_VALUE", eq("year", Long.MAX_VALUE), "F"));
        rows.add(row("long gt Long.MAX_VALUE - 1 is exact", gt("year", Long.MAX_VALUE - 1), "F"));
        rows.add(row("long lt a negative bound", lt("year", 0L), "D"));
        rows.add(row("double eq matches an equal long", eq("year", 2022.0), "B", "G"));
        rows.add(row("double gt between longs", gt("year", 2022.5), "C", "F"));
        rows.add(row("integer widens to long", eq("year", 2021), "A"));
        // exactness above 2^53
        rows.add(row("2^53+1 eq is exact", eq("big", TWO_POW_53 + 1), "A"));
        rows.add(row("2^53 eq matches the long and the equal double, not 2^53+1", eq("big", TWO_POW_53), "B", "G"));
        rows.add(row("gt 2^53 finds only 2^53+1", gt("big", TWO_POW_53), "A"));
        rows.add(row("lt 2^53+1 excludes 2^53+1", lt("big", TWO_POW_53 + 1), "B", "G"));
        rows.add(row("ne 2^53+1", ne("big", TWO_POW_53 + 1), "B", "C", "D", "E", "F", "G"));
        rows.add(row("double 2^53 eq excludes the long 2^53+1", eq("big", (double) TWO_POW_53), "B", "G"));
        rows.add(row("in 2^53+1", in("big", TWO_POW_53 + 1), "A"));
        // Doubles
        rows.add(row("double eq", eq("score", 0.5), "A"));
        rows.add(row("long eq matches an equal double value", eq("score", 2L), "C"));
        rows.add(row("double gt", gt("score", 1.5), "C", "F"));
        rows.add(row("double gte", gte("score", 1.5), "B", "C", "F"));
        rows.add(row("long lt against doubles", lt("score", 0L), "D"));
        rows.add(row("double lte", lte("score", 0.5), "A", "D"));
        rows.add(row("double ne", ne("score", 2.0), "A", "B", "D", "E", "F", "G"));
        rows.add(row("double in", in("score", 0.5, 2.0), "A", "C"));
        rows.add(row("double notIn", notIn("score", 0.5), "B", "C", "D", "E", "F", "G"));
        rows.add(row("double gt a huge bound", gt("score", 1.0e299), "F"));
        // UUIDs compare as their lower-case canonical text
        rows.add(row("uuid eq", eq("ref", U1), "A"));
        rows.add(row("uuid eq its canonical text", eq("ref", U1.toString()), "A"));
        rows.add(row("uuid does not equal upper-case text", eq("ref", U1.toString().toUpperCase(java.util.Locale.ROOT))));
        rows.add(row("uuid ne", ne("ref", U1), "B", "C", "D", "E", "F", "G"));
        rows.add(row("uuid in", in("ref", U1, U2), "A", "B"));
        rows.add(row("uuid notIn", notIn("ref", U2), "A", "C", "D", "E", "F", "G"));
        // lists of strings: a positive condition holds when any element satisfies it
        rows.add(row("list eq matches any element", eq("tags", "y"), "A", "B"));
        rows.add(row("list ne is not(any element equals)", ne("tags", "y"), "C", "D", "E", "F", "G"));
        rows.add(row("list in", in("tags", "x", "z"), "A", "C"));
        rows.add(row("list notIn", notIn("tags", "x", "z"), "B", "D", "E", "F", "G"));
        rows.add(row("list gt any element", gt("tags", "x"), "A", "B", "C"));
        rows.add(row("list lte any element", lte("tags", "x"), "A"));
        rows.add(row("exists on a list, empty list included", exists("tags"), "A", "B", "C", "F"));
        // values of another kind never match
        rows.add(row("text '1' matches only text", eq("kind", "1"), "A"));
        rows.add(row("long 1 matches long 1 and double 1.0", eq("kind", 1L), "B", "D"));
        rows.add(row("double 1.0 matches long 1 and double 1.0", eq("kind", 1.0), "B", "D"));
        rows.add(row("boolean true matches only the boolean", eq("kind", true), "C"));
        rows.add(row("number gt skips text and boolean", gt("kind", 0L), "B", "D"));
        rows.add(row("number ne matches other kinds", ne("kind", 1L), "A", "C", "E", "F", "G"));
        rows.add(row("in with mixed kinds", in("kind", "1", true), "A", "C"));
        rows.add(row("text lt skips numbers and booleans", lt("kind", "2"), "A"));
        rows.add(row("number against text never matches", gt("lang", 5L)));
        rows.add(row("text against number never matches", eq("year", "2021")));
        rows.add(row("text against boolean never matches", eq("draft", "false")));
        rows.add(row("ne with another kind matches everything", ne("year", "2021"), ALL.toArray(String[]::new)));
        // missing keys
        rows.add(row("eq on a missing key", eq("nope", "x")));
        rows.add(row("ne on a missing key matches everything", ne("nope", "x"), ALL.toArray(String[]::new)));
        rows.add(row("notIn on a missing key matches everything", notIn("nope", "x", "y"), ALL.toArray(String[]::new)));
        rows.add(row("not exists on a missing key matches everything", not(exists("nope")), ALL.toArray(String[]::new)));
        rows.add(row("exists on a missing key", exists("nope")));
        rows.add(row("gt on a missing key", gt("nope", 0L)));
        // and, or, not
        rows.add(row("and", and(eq("lang", "en"), eq("draft", false)), "A"));
        rows.add(row("and across kinds", and(eq("draft", false), gt("year", 0L)), "A"));
        rows.add(row("or", or(eq("lang", "de"), eq("year", 2023L)), "B", "C"));
        rows.add(row("not eq equals ne", not(eq("lang", "en")), "B", "C", "D", "E", "F", "G"));
        rows.add(row("not and", not(and(exists("lang"), lt("year", 2022L))), "B", "C", "E", "F", "G"));
        rows.add(row("or with not exists", or(not(exists("tags")), eq("tags", "z")), "C", "D", "E", "G"));
        rows.add(row("and of or and not", and(or(eq("lang", "en"), eq("lang", "de")), not(eq("draft", true))), "A"));
        rows.add(row("double negation", not(not(eq("lang", "en"))), "A"));
        rows.add(row("and of two ne", and(ne("draft", true), ne("lang", "en")), "C", "D", "E", "F", "G"));
        rows.add(row("or across keys", or(gt("year", 2022L), lt("score", 0L)), "C", "D", "F"));
        // contains: literal, case-sensitive substring; % _ \\ are never wildcards or escapes
        rows.add(row("contains a plain substring", contains("lang", "en"), "A", "G"));
        rows.add(row("contains is case-sensitive", contains("lang", "EN"), "D"));
        rows.add(row("contains a percent sign", contains("note", "%"), "A"));
        rows.add(row("contains percent is not a wildcard", contains("note", "5%off")));
        rows.add(row("contains text around a percent sign", contains("note", "50% o"), "A"));
        rows.add(row("contains an underscore", contains("note", "off_"), "A"));
        rows.add(row("contains underscore is not a single-character wildcard", contains("note", "off_now"), "A"));
        rows.add(row("contains underscore does not match another character", contains("note", "5_off")));
        rows.add(row("contains a backslash", contains("note", "\\dir\\"), "B"));
        rows.add(row("contains backslash is not an escape", contains("note", "\\d"), "B"));
        rows.add(row("contains a double backslash that is not there", contains("note", "\\\\")));
        rows.add(row("contains quotes", contains("note", "it's \"quoted\""), "C"));
        rows.add(row("contains SQL-looking text", contains("note", "') or true or ('")));
        rows.add(row("contains expression-looking text", contains("note", "\" or true or \"")));
        rows.add(row("contains unicode", contains("note", "日本語 ✓ \uD83D\uDE00"), "D"));
        rows.add(row("contains unicode is case-sensitive", contains("note", "NAÏVE")));
        rows.add(row("contains matches any list element", contains("tags", "y"), "A", "B"));
        rows.add(row("contains never spans two list elements", contains("tags", "xy")));
        rows.add(row("contains on a uuid's canonical text", contains("ref", "c3d4-7e5f"), "A", "B"));
        rows.add(row("contains only looks at text", contains("kind", "1"), "A"));
        rows.add(row("contains never matches a number", contains("year", "20")));
        rows.add(row("contains never matches a boolean", contains("draft", "true")));
        rows.add(row("contains on a missing key", contains("nope", "x")));
        rows.add(row("not contains matches chunks without the key or of another kind", not(contains("note", "off")),
                "B", "E", "F", "G"));
        rows.add(row("not contains with a wildcard character", not(contains("note", "%")), "B", "C", "D", "E", "F", "G"));
        rows.add(row("not contains on a list", not(contains("tags", "y")), "C", "D", "E", "F", "G"));
        rows.add(row("and of contains and eq", and(contains("note", "off"), eq("draft", false)), "A", "D"));
        rows.add(row("or of contains", or(contains("note", "_"), contains("note", "\\")), "A", "B"));
        return List.copyOf(rows);
    }

    private static Fixture fixture(String name, Object... keyValues) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            metadata.put((String) keyValues[i], keyValues[i + 1]);
        }
        return new Fixture(name, metadata);
    }

    private static Row row(String description, Filter filter, String... expected) {
        Set<String> names = new LinkedHashSet<>(List.of(expected));
        if (!ALL.containsAll(names)) {
            throw new IllegalStateException("row '" + description + "' names unknown fixtures " + names);
        }
        return new Row(description, filter, names);
    }
}
