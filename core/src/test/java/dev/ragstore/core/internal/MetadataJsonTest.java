package dev.ragstore.core.internal;

import dev.ragstore.core.error.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class MetadataJsonTest {

    private static final UUID ID = UUID.fromString("0190f5c2-7a4b-7cde-8f01-23456789abcd");

    private final MetadataJson json = new MetadataJson();

    static Stream<Arguments> values() {
        return Stream.of(
                arguments("text", "{\"v\":\"text\"}"),
                arguments("", "{\"v\":\"\"}"),
                arguments("ünïcødé 🌍 中文 \"quoted\" \\ back\nline", null),
                arguments(true, "{\"v\":true}"),
                arguments(false, "{\"v\":false}"),
                arguments(0L, "{\"v\":0}"),
                arguments(-1L, "{\"v\":-1}"),
                arguments(Long.MAX_VALUE, "{\"v\":9223372036854775807}"),
                arguments(Long.MIN_VALUE, "{\"v\":-9223372036854775808}"),
                arguments((1L << 53) + 1, "{\"v\":9007199254740993}"),
                arguments(1.0, "{\"v\":1.0}"),
                arguments(0.0, "{\"v\":0.0}"),
                arguments(-0.0, "{\"v\":-0.0}"),
                arguments(1.5, "{\"v\":1.5}"),
                arguments(-123.456, "{\"v\":-123.456}"),
                arguments(1e18, "{\"v\":1000000000000000000.0}"),
                arguments(1e-7, null),
                arguments(0.1 + 0.2, "{\"v\":0.30000000000000004}"),
                arguments(Double.MAX_VALUE, null),
                arguments(Double.MIN_VALUE, null),
                arguments((double) (1L << 53) + 2, null),
                arguments(ID, "{\"v\":\"0190f5c2-7a4b-7cde-8f01-23456789abcd\",\"@types\":{\"v\":\"uuid\"}}"),
                arguments(List.of(), "{\"v\":[]}"),
                arguments(List.of("a", "b", "ü"), "{\"v\":[\"a\",\"b\",\"ü\"]}"));
    }

    @ParameterizedTest
    @MethodSource("values")
    void roundTripsEachAllowedValueTypeExactly(Object value, String expectedJson) {
        Map<String, Object> metadata = Map.of("v", value);
        String written = json.write(metadata);
        if (expectedJson != null) {
            assertThat(written).isEqualTo(expectedJson);
        }
        Map<String, Object> read = json.read(written);
        assertThat(read).isEqualTo(metadata);
        assertThat(read.get("v")).isInstanceOf(value instanceof List ? List.class : value.getClass());
    }

    @Test
    void negativeZeroStaysNegative() {
        Object read = json.read(json.write(Map.of("z", -0.0))).get("z");
        assertThat(Double.doubleToRawLongBits((Double) read)).isEqualTo(Double.doubleToRawLongBits(-0.0));
    }

    @Test
    void smallIntegerTypesAreWrittenAndReadAsLong() {
        Map<String, Object> read = json.read(json.write(Map.of("i", 5, "s", (short) 7, "b", (byte) 1)));
        assertThat(read).containsEntry("i", 5L).containsEntry("s", 7L).containsEntry("b", 1L);
    }

    @Test
    void floatsAreWrittenAndReadAsDouble() {
        assertThat(json.read(json.write(Map.of("f", 0.5f)))).containsEntry("f", 0.5d);
    }

    @Test
    void writesNaturalJsonInKeyOrderWithTypesLast() {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("k", "v");
        metadata.put("owner", ID);
        metadata.put("n", 5L);
        metadata.put("x", 1.5);
        metadata.put("b", true);
        metadata.put("tags", List.of("a"));
        metadata.put("parent", ID);
        assertThat(json.write(metadata)).isEqualTo("{\"k\":\"v\",\"owner\":\"" + ID + "\",\"n\":5,\"x\":1.5,\"b\":true,"
                + "\"tags\":[\"a\"],\"parent\":\"" + ID + "\",\"@types\":{\"owner\":\"uuid\",\"parent\":\"uuid\"}}");
        assertThat(json.write(Map.of())).isEqualTo("{}");
    }

    @Test
    void readKeepsTheKeyOrderOfTheJsonText() {
        Map<String, Object> metadata = new LinkedHashMap<>();
        for (int i = 30; i > 0; i--) {
            metadata.put("key" + i, i % 3 == 0 ? (Object) ID : (Object) ("v" + i));
        }
        Map<String, Object> read = json.read(json.write(metadata));
        assertThat(new ArrayList<>(read.keySet())).containsExactlyElementsOf(metadata.keySet());
        assertThat(read).isEqualTo(metadata);
    }

    @Test
    void readsJsonRewrittenByPostgresJsonbWithTypesIntact() {
        String jsonb = "{\"a\": 1.0, \"b\": 1000000000000000000.0, \"c\": 0.0, \"d\": 9223372036854775807, "
                + "\"e\": 0.0000001, \"id\": \"" + ID + "\", \"@types\": {\"id\": \"uuid\"}}";
        Map<String, Object> read = json.read(jsonb);
        assertThat(read).containsExactly(Map.entry("a", 1.0), Map.entry("b", 1e18), Map.entry("c", 0.0),
                Map.entry("d", Long.MAX_VALUE), Map.entry("e", 1e-7), Map.entry("id", ID));
    }

    @Test
    void integersAreLongNeverDoubleOrInteger() {
        assertThat(json.read("{\"small\":1,\"big\":9007199254740993,\"neg\":-5}"))
                .containsEntry("small", 1L).containsEntry("big", 9_007_199_254_740_993L).containsEntry("neg", -5L);
        assertThat(json.read("{\"e\":1e2}").get("e")).isEqualTo(100.0);
    }

    @Test
    void readResultIsUnmodifiable() {
        Map<String, Object> read = json.read("{\"a\":\"b\"}");
        assertThatThrownBy(() -> read.put("c", "d")).isInstanceOf(UnsupportedOperationException.class);
    }

    static Stream<Arguments> invalidJson() {
        return Stream.of(
                arguments("not json", "metadata json must be a JSON object"),
                arguments("", "metadata json must be a JSON object"),
                arguments("[]", "metadata json must be a JSON object"),
                arguments("null", "metadata json must be a JSON object"),
                arguments("\"text\"", "metadata json must be a JSON object"),
                arguments("{} {}", "metadata json must be a JSON object"),
                arguments("{\"a\":1,\"a\":2}", "metadata json must be a JSON object"),
                arguments("{\"a\":null}", "value of 'a' must be a string, boolean, number or list of strings"),
                arguments("{\"a\":{\"b\":1}}", "value of 'a' must be a string, boolean, number or list of strings"),
                arguments("{\"a\":[1]}", "list 'a' must hold only strings"),
                arguments("{\"a\":[[\"x\"]]}", "list 'a' must hold only strings"),
                arguments("{\"a\":99999999999999999999}", "integer 'a' must fit in 64 bits"),
                arguments("{\"a\":1e400}", "metadata['a'] must be a finite number"),
                arguments("{\"@types\":{\"a\":\"uuid\"}}", "'@types' must name only keys of the object"),
                arguments("{\"a\":\"x\",\"@types\":{\"a\":\"uuid\"}}", "metadata['a'] must be a UUID"),
                arguments("{\"a\":5,\"@types\":{\"a\":\"uuid\"}}", "value of 'a' marked uuid must be a string"),
                arguments("{\"a\":\"x\",\"@types\":{\"a\":\"date\"}}", "'@types' types must be \"uuid\""),
                arguments("{\"a\":\"x\",\"@types\":[\"a\"]}", "'@types' must be an object of key to type"),
                arguments("{\"@other\":1}", "metadata key must match [A-Za-z0-9_.-]{1,64}"),
                arguments("{\"a;drop\":1}", "metadata key must match"),
                arguments("{\"a\":\"\\u0000\"}", "must not contain NUL characters"),
                arguments("{\"a\":" + "[".repeat(50) + "]".repeat(50) + "}", "metadata json must be a JSON object"));
    }

    @ParameterizedTest
    @MethodSource("invalidJson")
    void readRejectsJsonOutsideTheMetadataRules(String text, String message) {
        assertThatThrownBy(() -> json.read(text)).isInstanceOf(InvalidInputException.class).hasMessageContaining(message);
    }

    @Test
    void writeRejectsInvalidMetadataBeforeWritingAnything() {
        assertThatThrownBy(() -> json.write(Map.of("a;drop", "x"))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("metadata key must match").hasMessageContaining("'a;drop'");
        assertThatThrownBy(() -> json.write(Map.of("@types", "x"))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("metadata key must match");
        assertThatThrownBy(() -> json.write(Map.of("o", new Object()))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("metadata['o'] must be a String, Boolean, Long, Double, UUID or List<String>");
        assertThatThrownBy(() -> json.write(Map.of("d", Double.NaN))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("metadata['d'] must be a finite number");
    }

    @Test
    void plainDoubleAlwaysHasAFractionAndParsesBackExactly() {
        double[] samples = {1.0, 2.5e-300, 4.9e-324, 1.7976931348623157e308, 123456789.123, 1e21, -7e22, 3.0e-5};
        for (double d : samples) {
            String plain = MetadataJson.plainDouble(d);
            assertThat(plain).contains(".").doesNotContain("E");
            assertThat(Double.parseDouble(plain)).isEqualTo(d);
        }
    }
}
