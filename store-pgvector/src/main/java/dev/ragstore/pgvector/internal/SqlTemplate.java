package dev.ragstore.pgvector.internal;

import dev.ragstore.postgres.spi.PgSql;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Fills one of {@link SearchSql}'s SQL templates into a {@link PgSql}, in one left-to-right pass:
 * {@code {name}} is replaced by a validated identifier or SQL text the code supplies (table names,
 * the distance operator, a fragment such as the metadata filter with its own parameters), and
 * {@code :name} becomes a positional parameter bound to the value supplied under that name (bound
 * again wherever the name repeats). {@code ::} casts and quoted text pass unchanged. A slot the
 * template names but the caller did not supply is an {@link IllegalStateException}: the template
 * and its filling cannot drift apart silently. Not thread-safe; one instance per statement.
 */
final class SqlTemplate {

    private final String template;
    private final Map<String, Consumer<PgSql>> slots = new HashMap<>();
    private final Map<String, Consumer<PgSql>> parameters = new HashMap<>();

    private SqlTemplate(String template) {
        this.template = template;
    }

    static SqlTemplate of(String template) {
        return new SqlTemplate(Objects.requireNonNull(template, "template"));
    }

    /** {@code {name}} becomes {@code text}, which must come from validated identifiers or constants, never from input. */
    SqlTemplate text(String name, String text) {
        Objects.requireNonNull(text, name);
        slots.put(name, sql -> sql.sql(text));
        return this;
    }

    /** {@code {name}} becomes {@code fragment}, text and parameters, wherever it appears. */
    SqlTemplate fragment(String name, PgSql fragment) {
        Objects.requireNonNull(fragment, name);
        slots.put(name, sql -> sql.append(fragment));
        return this;
    }

    /** {@code :name} becomes {@code ?}, bound by {@code binder} (e.g. {@code sql -> sql.uuid(owner)}) at each occurrence. */
    SqlTemplate parameter(String name, Consumer<PgSql> binder) {
        parameters.put(name, Objects.requireNonNull(binder, name));
        return this;
    }

    /** The filled statement. */
    PgSql render() {
        PgSql out = new PgSql();
        StringBuilder text = new StringBuilder(template.length());
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c == '\'') {
                int end = template.indexOf('\'', i + 1);
                text.append(template, i, end + 1);
                i = end + 1;
            } else if (c == ':' && i + 1 < template.length() && template.charAt(i + 1) == ':') {
                text.append("::");
                i += 2;
            } else if (c == ':' && i + 1 < template.length() && isNameStart(template.charAt(i + 1))) {
                int end = nameEnd(i + 1);
                out.sql(text.toString());
                text.setLength(0);
                require(parameters, template.substring(i + 1, end), "parameter :").accept(out);
                i = end;
            } else if (c == '{') {
                int end = template.indexOf('}', i);
                out.sql(text.toString());
                text.setLength(0);
                require(slots, template.substring(i + 1, end), "slot {").accept(out);
                i = end + 1;
            } else {
                text.append(c);
                i++;
            }
        }
        return out.sql(text.toString());
    }

    private int nameEnd(int start) {
        int end = start;
        while (end < template.length() && (isNameStart(template.charAt(end)) || Character.isDigit(template.charAt(end)))) {
            end++;
        }
        return end;
    }

    private static Consumer<PgSql> require(Map<String, Consumer<PgSql>> supplied, String name, String kind) {
        Consumer<PgSql> filler = supplied.get(name);
        if (filler == null) {
            throw new IllegalStateException("the search template names " + kind + name + " but it was not supplied");
        }
        return filler;
    }

    private static boolean isNameStart(char c) {
        return c == '_' || (c >= 'a' && c <= 'z');
    }
}
