package dev.ragstore.postgres.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The values a failed call was writing, by name ({@code "id"}, {@code "username"},
 * {@code "owner"}, ...), so that {@link PgErrorMapping} can name them in a conflict or not-found message.
 * PostgreSQL leaves the key values out of its own error detail for tables under row-level
 * security, so the caller says what it wrote. Immutable.
 */
public final class PgHints {

    private static final PgHints NONE = new PgHints(Map.of());

    private final Map<String, String> values;

    private PgHints(Map<String, String> values) {
        this.values = values;
    }

    /** No hints. */
    public static PgHints none() {
        return NONE;
    }

    /** These hints plus {@code name = value}; a {@code null} value is left out. */
    public PgHints with(String name, Object value) {
        if (value == null) {
            return this;
        }
        Map<String, String> copy = new LinkedHashMap<>(values);
        copy.put(name, String.valueOf(value));
        return new PgHints(Collections.unmodifiableMap(copy));
    }

    /** The value of {@code name}, or {@code null}. */
    public String get(String name) {
        return values.get(name);
    }

    @Override
    public String toString() {
        return "PgHints" + values.keySet();
    }
}
