package dev.ragstore.core.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.ragstore.core.error.InvalidInputException;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Converts record metadata to and from a JSON object, keeping every value type that
 * {@link Checks#metadataValue} allows: String, Boolean, Long (all 64 bits, never a double),
 * Double (always a double, {@code 1.0} included), UUID and List of String.
 *
 * <p>The JSON stays natural to query ({@code {"k":"v","n":5,"x":1.5}}). Doubles are written in
 * plain decimal notation that always has a fraction ({@code 1.0E18} becomes
 * {@code 1000000000000000000.0}), so they are still doubles after a PostgreSQL {@code jsonb}
 * round trip; {@code -0.0} is written as such but {@code jsonb} stores it as {@code 0.0}. UUIDs
 * are written as their text, and a reserved last entry {@code "@types": {"key": "uuid"}} marks
 * them; no metadata key can start with {@code @}. {@link #read} removes that entry and keeps
 * the key order of the JSON text (note that {@code jsonb} itself re-orders keys). Thread-safe.
 */
public final class MetadataJson {

    /** The reserved entry that records non-JSON value types. */
    public static final String TYPES_KEY = "@types";
    private static final String UUID_TYPE = "uuid";
    private static final String FIELD = "metadata json";

    private final ObjectMapper mapper;

    /** A converter with its own configured Jackson mapper. */
    public MetadataJson() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).build())
                .build();
        this.mapper = JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .build();
    }

    /**
     * The JSON object for {@code metadata}, entries in the map's iteration order.
     *
     * @throws InvalidInputException if a key or value breaks the rules of {@link Checks#metadata}
     */
    public String write(Map<String, Object> metadata) {
        Map<String, Object> checked = Checks.metadata(metadata);
        StringWriter out = new StringWriter();
        try (JsonGenerator json = mapper.getFactory().createGenerator(out)) {
            json.writeStartObject();
            List<String> uuidKeys = new ArrayList<>();
            for (Map.Entry<String, Object> entry : checked.entrySet()) {
                json.writeFieldName(entry.getKey());
                Object value = entry.getValue();
                if (value instanceof UUID) {
                    uuidKeys.add(entry.getKey());
                }
                writeValue(json, value);
            }
            if (!uuidKeys.isEmpty()) {
                json.writeObjectFieldStart(TYPES_KEY);
                for (String key : uuidKeys) {
                    json.writeStringField(key, UUID_TYPE);
                }
                json.writeEndObject();
            }
            json.writeEndObject();
        } catch (IOException e) {
            // A StringWriter does not fail.
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * The metadata in {@code json}, as written by {@link #write}: an unmodifiable map in the
     * JSON's key order, with integers as Long, other numbers as Double and marked UUIDs restored.
     *
     * @throws InvalidInputException with field {@code "metadata json"} if the text is not a JSON
     *         object of allowed values, or with the usual metadata fields if a key or value breaks
     *         the rules of {@link Checks#metadata}
     */
    public Map<String, Object> read(String json) {
        Objects.requireNonNull(json, "json");
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "nested too deeply or too large" : "invalid at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw InvalidInputException.of(FIELD, "must be a JSON object (" + where + ")", json);
        }
        if (root == null || !root.isObject()) {
            throw InvalidInputException.of(FIELD, "must be a JSON object", json);
        }
        Map<String, String> types = types(root.get(TYPES_KEY), json);
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (!field.getKey().equals(TYPES_KEY)) {
                values.put(field.getKey(), value(field.getKey(), field.getValue(), types.remove(field.getKey())));
            }
        }
        if (!types.isEmpty()) {
            throw InvalidInputException.of(FIELD, "'" + TYPES_KEY + "' must name only keys of the object", types.keySet());
        }
        return Checks.metadata(values);
    }

    private static void writeValue(JsonGenerator json, Object value) throws IOException {
        if (value instanceof String s) {
            json.writeString(s);
        } else if (value instanceof Boolean b) {
            json.writeBoolean(b);
        } else if (value instanceof Long l) {
            json.writeNumber(l);
        } else if (value instanceof Double d) {
            json.writeNumber(plainDouble(d));
        } else if (value instanceof UUID u) {
            json.writeString(u.toString());
        } else if (value instanceof List<?> list) {
            json.writeStartArray();
            for (Object element : list) {
                json.writeString((String) element);
            }
            json.writeEndArray();
        } else {
            throw new IllegalStateException("Checks.metadata let through a " + value.getClass().getName());
        }
    }

    /** Plain notation with a fraction, e.g. {@code 1.0}, {@code 0.0001}, {@code 1000000000000000000.0}. */
    static String plainDouble(double d) {
        if (d == 0) {
            return Double.doubleToRawLongBits(d) == 0 ? "0.0" : "-0.0";
        }
        // Double.toString's digits parse back to the same double; toPlainString keeps them exactly.
        String plain = new BigDecimal(Double.toString(d)).toPlainString();
        return plain.indexOf('.') >= 0 ? plain : plain + ".0";
    }

    private static Map<String, String> types(JsonNode node, String json) {
        Map<String, String> types = new LinkedHashMap<>();
        if (node == null) {
            return types;
        }
        if (!node.isObject()) {
            throw InvalidInputException.of(FIELD, "'" + TYPES_KEY + "' must be an object of key to type", json);
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (!UUID_TYPE.equals(field.getValue().textValue())) {
                throw InvalidInputException.of(FIELD, "'" + TYPES_KEY + "' types must be \"" + UUID_TYPE + "\"",
                        field.getValue().toString());
            }
            types.put(field.getKey(), UUID_TYPE);
        }
        return types;
    }

    private static Object value(String key, JsonNode node, String type) {
        if (type != null) {
            if (!node.isTextual()) {
                throw InvalidInputException.of(FIELD, "value of '" + key + "' marked uuid must be a string", node.toString());
            }
            return Checks.uuid("metadata['" + key + "']", node.textValue());
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            if (!node.canConvertToLong()) {
                throw InvalidInputException.of(FIELD, "integer '" + key + "' must fit in 64 bits", node.toString());
            }
            return node.longValue();
        }
        if (node.isFloatingPointNumber()) {
            return node.doubleValue();
        }
        if (node.isArray()) {
            List<String> list = new ArrayList<>(node.size());
            for (JsonNode element : node) {
                if (!element.isTextual()) {
                    throw InvalidInputException.of(FIELD, "list '" + key + "' must hold only strings", element.toString());
                }
                list.add(element.textValue());
            }
            return list;
        }
        throw InvalidInputException.of(FIELD, "value of '" + key + "' must be a string, boolean, number or list of strings",
                node.toString());
    }
}
