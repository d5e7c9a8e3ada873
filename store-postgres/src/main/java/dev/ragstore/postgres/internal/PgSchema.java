package dev.ragstore.postgres.internal;

import dev.ragstore.core.error.InvalidInputException;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The schema RagStore's tables live in, and the one place SQL text is qualified with it. The name
 * is validated against {@value #RULE} before it ever reaches SQL, so it is safe to splice.
 *
 * @param name a lower-case identifier such as {@code "ragstore"}
 */
public record PgSchema(String name) {

    /** The rule every schema name follows (a plain, unquoted PostgreSQL identifier). */
    public static final String RULE = "[a-z_][a-z0-9_]{0,62}";
    private static final Pattern NAME = Pattern.compile(RULE);
    private static final String PLACEHOLDER = "{schema}";

    public PgSchema {
        Objects.requireNonNull(name, "schema");
        if (!NAME.matcher(name).matches()) {
            throw InvalidInputException.of("schema", "must match " + RULE, name);
        }
        if (name.startsWith("pg_")) {
            throw InvalidInputException.of("schema", "must not start with pg_ (reserved by PostgreSQL)", name);
        }
    }

    /** {@code template} with every {@code {schema}} replaced by the schema name. */
    public String sql(String template) {
        return template.replace(PLACEHOLDER, name);
    }

    /** {@code schema.table}. */
    public String table(String table) {
        return name + "." + table;
    }
}
