package dev.ragstore.pgvector.internal;

import dev.ragstore.core.filter.Filter;
import dev.ragstore.postgres.internal.SqlFilter;

import java.math.BigDecimal;
import java.util.Map;
import java.util.UUID;

/**
 * The metadata filter of a search as a positional-parameter SQL fragment over a space table row:
 * store-postgres's {@link SqlFilter} does the translation (one semantics for both modules), and
 * this class rewrites its named parameters ({@code :name}) to {@code ?} in order of appearance,
 * binding a parameter again where its name repeats. Stateless.
 */
public final class FilterSql {

    private static final String PREFIX = "f";

    private FilterSql() {
    }

    /** The condition of {@code filter} (or {@code TRUE} for {@code null}) over columns of table alias {@code alias}. */
    public static SqlParams of(Filter filter, String alias) {
        SqlFilter.Columns columns = new SqlFilter.Columns(alias + ".knowledge_base_id", alias + ".document_id",
                alias + ".mime_type", alias + ".page", alias + ".created_at", alias + ".metadata");
        SqlFilter.Fragment fragment = SqlFilter.translate(filter, columns, PREFIX);
        return positional(fragment.sql(), fragment.parameters());
    }

    /** Rewrites {@code :name} parameters of {@code sql} (outside quotes, not {@code ::} casts) to bound {@code ?}. */
    static SqlParams positional(String sql, Map<String, Object> parameters) {
        SqlParams out = new SqlParams();
        StringBuilder text = new StringBuilder();
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"') {
                int end = sql.indexOf(c, i + 1);
                if (end < 0) {
                    throw new IllegalStateException("unterminated quote in filter SQL at " + i);
                }
                text.append(sql, i, end + 1);
                i = end + 1;
            } else if (c == ':' && i + 1 < sql.length() && sql.charAt(i + 1) == ':') {
                text.append("::");
                i += 2;
            } else if (c == ':' && i + 1 < sql.length() && isNameStart(sql.charAt(i + 1))) {
                int end = i + 1;
                while (end < sql.length() && isNamePart(sql.charAt(end))) {
                    end++;
                }
                String name = sql.substring(i + 1, end);
                if (!parameters.containsKey(name)) {
                    throw new IllegalStateException("filter SQL names unknown parameter " + name);
                }
                out.sql(text.toString());
                text.setLength(0);
                bind(out, parameters.get(name));
                i = end;
            } else {
                text.append(c);
                i++;
            }
        }
        return out.sql(text.toString());
    }

    private static void bind(SqlParams out, Object value) {
        if (value instanceof String s) {
            out.text(s);
        } else if (value instanceof UUID u) {
            out.uuid(u);
        } else if (value instanceof Long l) {
            out.int8(l);
        } else if (value instanceof Boolean b) {
            out.bool(b);
        } else if (value instanceof BigDecimal d) {
            out.text(d.toPlainString());
        } else if (value instanceof String[] strings) {
            out.texts(strings);
        } else if (value instanceof UUID[] uuids) {
            out.uuids(uuids);
        } else {
            throw new IllegalStateException("unhandled filter parameter type " + value.getClass().getName());
        }
    }

    private static boolean isNameStart(char c) {
        return c == '_' || (c >= 'a' && c <= 'z');
    }

    private static boolean isNamePart(char c) {
        return isNameStart(c) || (c >= '0' && c <= '9');
    }
}
