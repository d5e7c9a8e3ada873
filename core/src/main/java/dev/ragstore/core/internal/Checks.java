package dev.ragstore.core.internal;

import dev.ragstore.core.error.InvalidInputException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Argument checks shared by the domain records and the facade. Every failure is an
 * {@link InvalidInputException} naming the field, the rule and (where safe) the value.
 */
public final class Checks {

    /** Longest name (user name, knowledge base, session title, ...), in characters. */
    public static final int MAX_NAME = 200;
    /** Longest description or short free text, in characters. */
    public static final int MAX_DESCRIPTION = 4_000;
    /** Longest chunk or message text, in characters. */
    public static final int MAX_TEXT = 1_000_000;
    /** Most metadata entries on one record. */
    public static final int MAX_METADATA_ENTRIES = 64;
    /** Longest metadata string value, in characters. */
    public static final int MAX_METADATA_STRING = 8_192;
    /** Most elements in a metadata list value. */
    public static final int MAX_METADATA_LIST = 256;
    /**
     * Most ids one call may list: the knowledge bases of a search, a chat session or a model
     * profile, and the documents a message attaches or cites. Each listed id costs a look-up (or
     * a bound array element) in the store, so an unbounded list lets one call hold a database
     * connection for as long as the caller likes (100,000 knowledge-base ids kept PostgreSQL busy
     * for 44 s). 1,000 is far above any real selection (a user picks knowledge bases in a UI; a
     * reply cites a handful of sources) and keeps the worst call in the low milliseconds per
     * adapter.
     */
    public static final int MAX_IDS = 1_000;
    /** The rule every metadata key follows. */
    public static final String METADATA_KEY_RULE = "[A-Za-z0-9_.-]{1,64}";

    private static final Pattern METADATA_KEY = Pattern.compile(METADATA_KEY_RULE);
    /** The rule every idempotency key follows: 1 to 128 letters, digits, {@code _ . : -} (a UUID fits). */
    public static final String IDEMPOTENCY_KEY_RULE = "[A-Za-z0-9_.:-]{1,128}";

    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile(IDEMPOTENCY_KEY_RULE);

    private Checks() {
    }

    /** Parses a UUID or fails naming the field. */
    public static UUID uuid(String field, String text) {
        Objects.requireNonNull(text, field);
        try {
            UUID parsed = UUID.fromString(text);
            if (!parsed.toString().equalsIgnoreCase(text)) {
                throw InvalidInputException.of(field, "must be a UUID in canonical form", text);
            }
            return parsed;
        } catch (IllegalArgumentException e) {
            throw InvalidInputException.of(field, "must be a UUID", text);
        }
    }

    /** A required single-line name: 1 to {@link #MAX_NAME} characters, not blank, no control characters, no unpaired surrogate. */
    public static String name(String field, String value) {
        Objects.requireNonNull(value, field);
        if (value.isBlank()) {
            throw InvalidInputException.of(field, "must not be blank", value);
        }
        if (value.length() > MAX_NAME) {
            throw InvalidInputException.of(field, "must be at most " + MAX_NAME + " characters", value);
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw InvalidInputException.of(field, "must not contain control characters (found U+"
                        + String.format("%04X", (int) value.charAt(i)) + ")", value);
            }
        }
        int unpaired = unpairedSurrogate(value);
        if (unpaired >= 0) {
            throw InvalidInputException.of(field, unpairedSurrogateRule(value, unpaired), value);
        }
        return value;
    }

    /**
     * The index of the first UTF-16 surrogate in {@code value} that is not part of a
     * high-low pair, or -1. Such a string is not Unicode text: UTF-8 cannot encode it, so
     * PostgreSQL and Milvus would store {@code '?'} in its place (user {@code "sur\uD800y"}
     * would become {@code "sur?y"}, and log in as it).
     */
    public static int unpairedSurrogate(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            } else if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    private static String unpairedSurrogateRule(String value, int index) {
        return "must be valid Unicode text without unpaired UTF-16 surrogates (U+"
                + String.format("%04X", (int) value.charAt(index)) + " at index " + index + ")";
    }

    /** Free text up to {@code max} characters with no NUL character and no unpaired surrogate; may be empty. */
    public static String text(String field, String value, int max) {
        Objects.requireNonNull(value, field);
        if (value.length() > max) {
            throw InvalidInputException.withoutValue(field, "must be at most " + max + " characters, but has " + value.length());
        }
        int nul = value.indexOf('\u0000');
        if (nul >= 0) {
            throw InvalidInputException.withoutValue(field, "must not contain NUL characters (U+0000 at index " + nul + ")");
        }
        int unpaired = unpairedSurrogate(value);
        if (unpaired >= 0) {
            throw InvalidInputException.withoutValue(field, unpairedSurrogateRule(value, unpaired));
        }
        return value;
    }

    /** Like {@link #text} but {@code null} passes through as "absent". */
    public static String optionalText(String field, String value, int max) {
        return value == null ? null : text(field, value, max);
    }

    public static int nonNegative(String field, int value) {
        if (value < 0) {
            throw InvalidInputException.of(field, "must be >= 0", value);
        }
        return value;
    }

    public static long nonNegative(String field, long value) {
        if (value < 0) {
            throw InvalidInputException.of(field, "must be >= 0", value);
        }
        return value;
    }

    public static int positive(String field, int value) {
        if (value <= 0) {
            throw InvalidInputException.of(field, "must be > 0", value);
        }
        return value;
    }

    public static long positive(String field, long value) {
        if (value <= 0) {
            throw InvalidInputException.of(field, "must be > 0", value);
        }
        return value;
    }

    /**
     * Checks that {@code list} has at most {@code max} elements.
     *
     * @throws InvalidInputException naming the field, the limit and the size
     */
    public static <T> List<T> maxSize(String field, List<T> list, int max) {
        Objects.requireNonNull(list, field);
        if (list.size() > max) {
            throw InvalidInputException.of(field, "must list at most " + max + " elements", list.size());
        }
        return list;
    }

    /**
     * Validates an optional idempotency key against {@link #IDEMPOTENCY_KEY_RULE}; {@code null}
     * means "no key" and passes.
     */
    public static String optionalIdempotencyKey(String field, String key) {
        if (key != null && !IDEMPOTENCY_KEY.matcher(key).matches()) {
            throw InvalidInputException.of(field, "must match " + IDEMPOTENCY_KEY_RULE + " (rule idempotency_key.format)", key);
        }
        return key;
    }

    /** Validates a metadata key against {@link #METADATA_KEY_RULE}. */
    public static String metadataKey(String key) {
        Objects.requireNonNull(key, "metadata key");
        if (!METADATA_KEY.matcher(key).matches()) {
            throw InvalidInputException.of("metadata key", "must match " + METADATA_KEY_RULE, key);
        }
        return key;
    }

    /**
     * Validates and normalizes a metadata map: keys follow {@link #METADATA_KEY_RULE}; values are
     * String, Boolean, Long (Integer, Short and Byte widen to Long), Double (Float widens; must be
     * finite), UUID, or a List of Strings. The result is an unmodifiable copy that keeps the
     * caller's key order.
     */
    public static Map<String, Object> metadata(Map<String, ?> metadata) {
        Objects.requireNonNull(metadata, "metadata");
        if (metadata.size() > MAX_METADATA_ENTRIES) {
            throw InvalidInputException.of("metadata", "must have at most " + MAX_METADATA_ENTRIES + " entries", metadata.size());
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<String, ?> entry : metadata.entrySet()) {
            String key = metadataKey(entry.getKey());
            copy.put(key, metadataValue(key, entry.getValue()));
        }
        return Collections.unmodifiableMap(copy);
    }

    /** Validates and normalizes one metadata value (see {@link #metadata}). */
    public static Object metadataValue(String key, Object value) {
        String field = "metadata['" + key + "']";
        if (value == null) {
            throw InvalidInputException.of(field, "must not be null (omit the key instead)", null);
        }
        if (value instanceof String s) {
            return text(field, s, MAX_METADATA_STRING);
        }
        if (value instanceof Boolean || value instanceof Long || value instanceof UUID) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (!Double.isFinite(d)) {
                throw InvalidInputException.of(field, "must be a finite number", value);
            }
            return d;
        }
        if (value instanceof List<?> list) {
            if (list.size() > MAX_METADATA_LIST) {
                throw InvalidInputException.of(field, "must have at most " + MAX_METADATA_LIST + " elements", list.size());
            }
            List<String> strings = new ArrayList<>(list.size());
            for (Object element : list) {
                if (!(element instanceof String s)) {
                    throw InvalidInputException.of(field, "list elements must be strings", element);
                }
                strings.add(text(field, s, MAX_METADATA_STRING));
            }
            return List.copyOf(strings);
        }
        throw InvalidInputException.of(field, "must be a String, Boolean, Long, Double, UUID or List<String>",
                value.getClass().getSimpleName());
    }
}
