package dev.ragstore.core.memory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.internal.MetadataJson;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Field-level reading and writing of snapshot JSON: ids as UUID text, instants and dates in
 * ISO-8601, bytes in base64, metadata maps through {@link MetadataJson} (exact value types).
 * Absent optional values are written as JSON {@code null}. A missing or malformed field is an
 * {@link InvalidInputException} naming it.
 */
final class SnapshotJson {

    static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final MetadataJson METADATA = new MetadataJson();

    private SnapshotJson() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static void put(ObjectNode node, String field, Object value) {
        if (value == null) {
            node.putNull(field);
        } else if (value instanceof String s) {
            node.put(field, s);
        } else if (value instanceof Boolean b) {
            node.put(field, b);
        } else if (value instanceof Integer i) {
            node.put(field, i);
        } else if (value instanceof Long l) {
            node.put(field, l);
        } else if (value instanceof byte[] bytes) {
            node.put(field, Base64.getEncoder().encodeToString(bytes));
        } else {
            // Typed ids, UUIDs, Instants, LocalDates, enums and BigDecimals all print exactly.
            node.put(field, value.toString());
        }
    }

    static void putMetadata(ObjectNode node, String field, Map<String, Object> metadata) {
        try {
            node.set(field, MAPPER.readTree(METADATA.write(metadata)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("MetadataJson wrote invalid JSON", e);
        }
    }

    static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw InvalidInputException.of("snapshot field", "must be present", field);
        }
        return value;
    }

    static String text(JsonNode node, String field) {
        JsonNode value = required(node, field);
        if (!value.isTextual()) {
            throw InvalidInputException.of("snapshot field '" + field + "'", "must be a string", value.toString());
        }
        return value.textValue();
    }

    static String optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : text(node, field);
    }

    static long number(JsonNode node, String field) {
        JsonNode value = required(node, field);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw InvalidInputException.of("snapshot field '" + field + "'", "must be an integer", value.toString());
        }
        return value.longValue();
    }

    static int integer(JsonNode node, String field) {
        long value = number(node, field);
        if (value != (int) value) {
            throw InvalidInputException.of("snapshot field '" + field + "'", "must fit in 32 bits", value);
        }
        return (int) value;
    }

    static Integer optionalInteger(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : integer(node, field);
    }

    static boolean bool(JsonNode node, String field) {
        JsonNode value = required(node, field);
        if (!value.isBoolean()) {
            throw InvalidInputException.of("snapshot field '" + field + "'", "must be a boolean", value.toString());
        }
        return value.booleanValue();
    }

    static double real(JsonNode node, String field) {
        JsonNode value = required(node, field);
        if (!value.isNumber()) {
            throw InvalidInputException.of("snapshot field '" + field + "'", "must be a number", value.toString());
        }
        return value.doubleValue();
    }

    static <T> T id(JsonNode node, String field, Function<UUID, T> wrap) {
        return wrap.apply(parse(field, text(node, field), UUID::fromString));
    }

    static <T> T optionalId(JsonNode node, String field, Function<UUID, T> wrap) {
        String text = optionalText(node, field);
        return text == null ? null : wrap.apply(parse(field, text, UUID::fromString));
    }

    static Instant instant(JsonNode node, String field) {
        return parse(field, text(node, field), Instant::parse);
    }

    static Instant optionalInstant(JsonNode node, String field) {
        String text = optionalText(node, field);
        return text == null ? null : parse(field, text, Instant::parse);
    }

    static LocalDate date(JsonNode node, String field) {
        return parse(field, text(node, field), LocalDate::parse);
    }

    static byte[] bytes(JsonNode node, String field) {
        return parse(field, text(node, field), Base64.getDecoder()::decode);
    }

    static <E extends Enum<E>> E enumValue(JsonNode node, String field, Class<E> type) {
        return parse(field, text(node, field), text -> Enum.valueOf(type, text));
    }

    static Map<String, Object> metadata(JsonNode node, String field) {
        return METADATA.read(required(node, field).toString());
    }

    /** Parses one field value, turning any parse failure into an {@link InvalidInputException}. */
    static <T> T parse(String field, String text, Function<String, T> parser) {
        try {
            return parser.apply(text);
        } catch (RuntimeException e) {
            InvalidInputException failure = InvalidInputException.of("snapshot field '" + field + "'", "must be well-formed", text);
            failure.initCause(e);
            throw failure;
        }
    }
}
