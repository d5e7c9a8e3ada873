package dev.ragstore.langchain4j.internal;

import dev.langchain4j.data.document.Metadata;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;

/**
 * LangChain4j {@link Metadata} to RagStore metadata and back, keeping value types exact. RagStore
 * widens Integer to Long and Float to Double and may read a UUID back as its text; the codec
 * records which keys held an Integer, a Float or a UUID in one reserved entry ({@link #TYPES}) and
 * narrows them again when reading. Reserved entries start with {@value #PREFIX}.
 */
public final class MetadataCodec {

    /** The prefix of the bridge's own metadata keys; callers' keys must not start with it. */
    public static final String PREFIX = "langchain4j.";
    /** {@code key=I;key=F;key=U}: the keys whose LangChain4j value was an Integer, Float or UUID. */
    public static final String TYPES = PREFIX + "types";

    private MetadataCodec() {
    }

    /**
     * RagStore metadata for {@code metadata} plus the type entry.
     *
     * @throws IllegalArgumentException for a key starting with {@value #PREFIX}
     */
    public static Map<String, Object> encode(Metadata metadata) {
        Map<String, Object> out = new LinkedHashMap<>();
        StringJoiner types = new StringJoiner(";");
        for (Map.Entry<String, Object> entry : metadata.toMap().entrySet()) {
            String key = entry.getKey();
            if (key.startsWith(PREFIX)) {
                throw new IllegalArgumentException("metadata key '" + key + "' is reserved: keys starting with '" + PREFIX
                        + "' belong to the RagStore LangChain4j bridge");
            }
            Object value = entry.getValue();
            if (value instanceof Integer) {
                types.add(key + "=I");
            } else if (value instanceof Float) {
                types.add(key + "=F");
            } else if (value instanceof UUID) {
                types.add(key + "=U");
            }
            out.put(key, value);
        }
        if (types.length() > 0) {
            out.put(TYPES, types.toString());
        }
        return out;
    }

    /** The LangChain4j metadata of a RagStore map written by {@link #encode}; reserved entries are left out. */
    public static Metadata decode(Map<String, Object> stored) {
        Map<String, Character> types = new LinkedHashMap<>();
        Object typeEntry = stored.get(TYPES);
        if (typeEntry instanceof String text && !text.isEmpty()) {
            for (String pair : text.split(";")) {
                int eq = pair.lastIndexOf('=');
                types.put(pair.substring(0, eq), pair.charAt(eq + 1));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : stored.entrySet()) {
            String key = entry.getKey();
            if (key.startsWith(PREFIX)) {
                continue;
            }
            Object value = entry.getValue();
            Character type = types.get(key);
            if (type != null && type == 'I' && value instanceof Number n) {
                value = n.intValue();
            } else if (type != null && type == 'F' && value instanceof Number n) {
                value = n.floatValue();
            } else if (type != null && type == 'U') {
                value = value instanceof UUID ? value : UUID.fromString(value.toString());
            } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
                value = ((Number) value).longValue();
            }
            out.put(key, value);
        }
        return Metadata.from(out);
    }
}
