package dev.ragstore.postgres.spi;

import dev.ragstore.core.error.InvalidInputException;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A transaction-local server setting ({@code set_config(name, value, true)}) a statement runs with,
 * e.g. {@code hnsw.ef_search = 120}. Both parts are bound as parameters, never spliced.
 *
 * @param name  a setting name such as {@code enable_sort} or {@code hnsw.ef_search}
 * @param value its value as text
 */
public record PgSetting(String name, String value) {

    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)?");

    public PgSetting {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (!NAME.matcher(name).matches()) {
            throw InvalidInputException.of("setting name", "must match " + NAME.pattern(), name);
        }
    }

    /** The setting {@code name} with an integer value. */
    public static PgSetting of(String name, int value) {
        return new PgSetting(name, Integer.toString(value));
    }
}
