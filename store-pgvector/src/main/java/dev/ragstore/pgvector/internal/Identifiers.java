package dev.ragstore.pgvector.internal;

import java.util.regex.Pattern;

/** Quoting of SQL identifiers; names are validated before they get here. Stateless. */
public final class Identifiers {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,62}");

    private Identifiers() {
    }

    /** {@code name} as a double-quoted identifier. */
    public static String quote(String name) {
        if (name.isEmpty() || name.length() > 63 || name.indexOf('\u0000') >= 0) {
            throw new IllegalArgumentException("not a PostgreSQL identifier: " + name);
        }
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** Whether {@code name} is a plain identifier (letters, digits, underscore, at most 63 characters). */
    public static boolean isPlain(String name) {
        return PLAIN.matcher(name).matches();
    }
}
