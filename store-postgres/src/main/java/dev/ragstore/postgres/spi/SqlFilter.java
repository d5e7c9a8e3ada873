package dev.ragstore.postgres.spi;

import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.filter.BuiltInField;
import dev.ragstore.core.filter.Filter;
import dev.ragstore.core.filter.FilterField;
import dev.ragstore.core.filter.MetadataField;
import dev.ragstore.postgres.internal.SqlNumbers;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Translates a {@link Filter} into a SQL boolean expression over a chunk row, as a {@link PgSql}
 * fragment with every value and every metadata key bound as a positional parameter: nothing from
 * the filter is spliced into the SQL text. Implements the semantics documented on {@link Filter}
 * exactly:
 *
 * <ul>
 *   <li>every condition yields {@code true} or {@code false}, never {@code NULL}, so {@code ne},
 *       {@code notIn} and {@code not} are plain negations and match rows without the key;</li>
 *   <li>metadata values compare within their kind only ({@code jsonb_typeof} decides); a
 *       positive condition on a list holds when any element satisfies it;</li>
 *   <li>text orders by code point ({@code COLLATE "C"} on UTF-8); {@code contains} is
 *       {@code strpos(value, text) > 0}, so {@code %}, {@code _} and {@code \} are literals;</li>
 *   <li>numbers compare exactly as {@code numeric}: a stored Long (written as an integer, scale 0)
 *       against the exact value of the filter number; a stored Double (written by
 *       {@link dev.ragstore.core.internal.MetadataJson} as its shortest decimal with a fraction)
 *       against the filter number mapped into the same shortest-decimal space, which preserves the
 *       order of doubles and the exact comparison with Longs.</li>
 * </ul>
 *
 * <p>Stateless and thread-safe; each {@link #translate} call returns a new fragment.
 */
public final class SqlFilter {

    private static final Pattern COLUMN = Pattern.compile("[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)?");

    private final Columns columns;
    private final PgSql out = new PgSql();

    private SqlFilter(Columns columns) {
        this.columns = columns;
    }

    /**
     * Translates {@code filter}; {@code null} gives {@code TRUE}.
     *
     * @param columns where the filtered fields are in the caller's {@code FROM} clause
     */
    public static PgSql translate(Filter filter, Columns columns) {
        Objects.requireNonNull(columns, "columns");
        if (filter == null) {
            return new PgSql().sql("TRUE");
        }
        SqlFilter translation = new SqlFilter(columns);
        translation.condition(filter);
        return translation.out;
    }

    /**
     * The SQL expressions of the fields a filter can name, each a column reference such as
     * {@code c.page}.
     */
    public record Columns(String knowledgeBase, String document, String mimeType, String page, String createdAt,
            String metadata) {

        public Columns {
            for (String column : List.of(knowledgeBase, document, mimeType, page, createdAt, metadata)) {
                if (!COLUMN.matcher(column).matches()) {
                    throw InvalidInputException.of("filter column", "must be a column reference matching " + COLUMN.pattern(), column);
                }
            }
        }

        /**
         * The columns of RagStore's {@code chunks} table under alias {@code chunk} joined with its
         * {@code documents} row under alias {@code document} (for the mime type).
         */
        public static Columns of(String chunk, String document) {
            return new Columns(chunk + ".knowledge_base_id", chunk + ".document_id", document + ".mime_type",
                    chunk + ".page", chunk + ".created_at", chunk + ".metadata");
        }

        /** The columns of one table under {@code alias} that carries all of them (a pgvector space table). */
        public static Columns ofTable(String alias) {
            return new Columns(alias + ".knowledge_base_id", alias + ".document_id", alias + ".mime_type",
                    alias + ".page", alias + ".created_at", alias + ".metadata");
        }
    }

    private void condition(Filter filter) {
        if (filter instanceof Filter.Eq f) {
            compare(f.field(), "=", f.value());
        } else if (filter instanceof Filter.Ne f) {
            out.sql("NOT ");
            compare(f.field(), "=", f.value());
        } else if (filter instanceof Filter.In f) {
            member(f.field(), f.values());
        } else if (filter instanceof Filter.NotIn f) {
            out.sql("NOT ");
            member(f.field(), f.values());
        } else if (filter instanceof Filter.Gt f) {
            compare(f.field(), ">", f.value());
        } else if (filter instanceof Filter.Gte f) {
            compare(f.field(), ">=", f.value());
        } else if (filter instanceof Filter.Lt f) {
            compare(f.field(), "<", f.value());
        } else if (filter instanceof Filter.Lte f) {
            compare(f.field(), "<=", f.value());
        } else if (filter instanceof Filter.Exists f) {
            exists(f.field());
        } else if (filter instanceof Filter.Contains f) {
            contains(f.field(), f.text());
        } else if (filter instanceof Filter.And f) {
            join(f.filters(), " AND ");
        } else if (filter instanceof Filter.Or f) {
            join(f.filters(), " OR ");
        } else if (filter instanceof Filter.Not f) {
            out.sql("NOT ");
            condition(f.filter());
        } else {
            throw new IllegalStateException("unhandled filter node " + filter.getClass().getName());
        }
    }

    private void join(List<Filter> filters, String operator) {
        out.sql("(");
        for (int i = 0; i < filters.size(); i++) {
            if (i > 0) {
                out.sql(operator);
            }
            condition(filters.get(i));
        }
        out.sql(")");
    }

    private void compare(FilterField field, String operator, Object value) {
        if (field instanceof MetadataField m) {
            metadataCompare(m, operator, value);
            return;
        }
        BuiltInField builtIn = (BuiltInField) field;
        String column = column(builtIn);
        switch (builtIn) {
            case KNOWLEDGE_BASE:
            case DOCUMENT:
                out.sql("(" + column + " " + operator + " ").uuid((UUID) value).sql(")");
                break;
            case MIME_TYPE:
                out.sql("(" + column + " COLLATE \"C\" " + operator + " ").text((String) value).sql(")");
                break;
            case PAGE:
                out.sql("COALESCE(" + column + " " + operator + " ").int8(((Number) value).longValue()).sql(", false)");
                break;
            case CREATED_AT:
                out.sql("(" + column + " " + operator + " CAST(").text(value.toString()).sql(" AS timestamptz))");
                break;
            default:
                throw new IllegalStateException("unhandled built-in field " + builtIn);
        }
    }

    private void member(FilterField field, List<Object> values) {
        if (field instanceof MetadataField m) {
            metadataMember(m, values);
            return;
        }
        BuiltInField builtIn = (BuiltInField) field;
        String column = column(builtIn);
        switch (builtIn) {
            case KNOWLEDGE_BASE:
            case DOCUMENT:
                out.sql("(" + column + " = ANY(").uuids(values.stream().map(UUID.class::cast).toArray(UUID[]::new)).sql("))");
                break;
            case MIME_TYPE:
                out.sql("(" + column + " = ANY(").texts(values.stream().map(String.class::cast).toArray(String[]::new))
                        .sql("))");
                break;
            case PAGE:
                out.sql("COALESCE(" + column + " = ANY(CAST(").texts(strings(values)).sql(" AS bigint[])), false)");
                break;
            case CREATED_AT:
                out.sql("(" + column + " = ANY(CAST(").texts(strings(values)).sql(" AS timestamptz[])))");
                break;
            default:
                throw new IllegalStateException("unhandled built-in field " + builtIn);
        }
    }

    private void exists(FilterField field) {
        if (field instanceof MetadataField m) {
            out.sql("((" + columns.metadata() + " -> ");
            key(m);
            out.sql(") IS NOT NULL)");
            return;
        }
        BuiltInField builtIn = (BuiltInField) field;
        out.sql(builtIn == BuiltInField.PAGE ? "(" + columns.page() + " IS NOT NULL)" : "TRUE");
    }

    /**
     * {@code strpos(value, text) > 0} on a text value or any element of a list: a literal,
     * case-sensitive substring test, so no character of {@code text} is a LIKE wildcard or escape.
     */
    private void contains(MetadataField field, String needle) {
        out.sql("(CASE jsonb_typeof(");
        json(field);
        out.sql(") WHEN 'string' THEN strpos(");
        text(field);
        out.sql(", ").text(needle).sql(") > 0 WHEN 'array' THEN EXISTS (SELECT 1 FROM jsonb_array_elements_text(");
        json(field);
        out.sql(") AS element(value) WHERE strpos(element.value, ").text(needle).sql(") > 0) ELSE false END)");
    }

    /** {@code metadata -> key}. */
    private void json(MetadataField field) {
        out.sql(columns.metadata() + " -> ");
        key(field);
    }

    /** {@code metadata ->> key}. */
    private void text(MetadataField field) {
        out.sql(columns.metadata() + " ->> ");
        key(field);
    }

    private void metadataCompare(MetadataField field, String operator, Object value) {
        if (value instanceof Boolean b) {
            out.sql("(CASE WHEN jsonb_typeof(");
            json(field);
            out.sql(") = 'boolean' THEN CAST(");
            text(field);
            out.sql(" AS boolean) " + operator + " ").bool(b).sql(" ELSE false END)");
            return;
        }
        if (value instanceof Long || value instanceof Double) {
            numberCompare(field, operator, (Number) value);
            return;
        }
        String bound = text(value);
        out.sql("(CASE jsonb_typeof(");
        json(field);
        out.sql(") WHEN 'string' THEN (");
        text(field);
        out.sql(") COLLATE \"C\" " + operator + " ").text(bound)
                .sql(" WHEN 'array' THEN EXISTS (SELECT 1 FROM jsonb_array_elements_text(");
        json(field);
        out.sql(") AS element(value) WHERE element.value COLLATE \"C\" " + operator + " ").text(bound)
                .sql(") ELSE false END)");
    }

    /** {@code CAST(metadata ->> key AS numeric)}. */
    private void stored(MetadataField field) {
        out.sql("CAST(");
        text(field);
        out.sql(" AS numeric)");
    }

    private void numberCompare(MetadataField field, String operator, Number value) {
        out.sql("(CASE WHEN jsonb_typeof(");
        json(field);
        out.sql(") = 'number' THEN (CASE WHEN scale(");
        stored(field);
        out.sql(") = 0 THEN ");
        stored(field);
        out.sql(" " + operator + " CAST(").text(SqlNumbers.exact(value).toPlainString()).sql(" AS numeric) ELSE ");
        SqlNumbers.Bound bound = SqlNumbers.againstStoredDouble(value, operator);
        if (bound == null) {
            out.sql("false");
        } else {
            stored(field);
            out.sql(" " + bound.operator() + " CAST(").text(bound.value()).sql(" AS numeric)");
        }
        out.sql(" END) ELSE false END)");
    }

    private void metadataMember(MetadataField field, List<Object> values) {
        List<String> texts = new ArrayList<>();
        List<Number> numbers = new ArrayList<>();
        List<Boolean> booleans = new ArrayList<>();
        for (Object value : values) {
            if (value instanceof Boolean b) {
                booleans.add(b);
            } else if (value instanceof Long || value instanceof Double) {
                numbers.add((Number) value);
            } else {
                texts.add(text(value));
            }
        }
        int parts = (texts.isEmpty() ? 0 : 1) + (numbers.isEmpty() ? 0 : 1) + (booleans.isEmpty() ? 0 : 1);
        if (parts > 1) {
            out.sql("(");
        }
        boolean first = true;
        if (!texts.isEmpty()) {
            first = false;
            String[] bound = texts.toArray(String[]::new);
            out.sql("(CASE jsonb_typeof(");
            json(field);
            out.sql(") WHEN 'string' THEN (");
            text(field);
            out.sql(") = ANY(").texts(bound).sql(") WHEN 'array' THEN EXISTS (SELECT 1 FROM jsonb_array_elements_text(");
            json(field);
            out.sql(") AS element(value) WHERE element.value = ANY(").texts(bound).sql(")) ELSE false END)");
        }
        if (!numbers.isEmpty()) {
            if (!first) {
                out.sql(" OR ");
            }
            first = false;
            String[] exact = numbers.stream().map(n -> SqlNumbers.exact(n).toPlainString()).toArray(String[]::new);
            String[] shortest = numbers.stream().map(SqlNumbers::shortestEqual).filter(Objects::nonNull)
                    .map(BigDecimal::toPlainString).toArray(String[]::new);
            out.sql("(CASE WHEN jsonb_typeof(");
            json(field);
            out.sql(") = 'number' THEN (CASE WHEN scale(");
            stored(field);
            out.sql(") = 0 THEN ");
            stored(field);
            out.sql(" = ANY(CAST(").texts(exact).sql(" AS numeric[])) ELSE ");
            if (shortest.length == 0) {
                out.sql("false");
            } else {
                stored(field);
                out.sql(" = ANY(CAST(").texts(shortest).sql(" AS numeric[]))");
            }
            out.sql(" END) ELSE false END)");
        }
        if (!booleans.isEmpty()) {
            if (!first) {
                out.sql(" OR ");
            }
            if (booleans.contains(true) && booleans.contains(false)) {
                out.sql("(jsonb_typeof(");
                json(field);
                out.sql(") = 'boolean')");
            } else {
                metadataCompare(field, "=", booleans.get(0));
            }
        }
        if (parts > 1) {
            out.sql(")");
        }
    }

    private String column(BuiltInField field) {
        switch (field) {
            case KNOWLEDGE_BASE:
                return columns.knowledgeBase();
            case DOCUMENT:
                return columns.document();
            case MIME_TYPE:
                return columns.mimeType();
            case PAGE:
                return columns.page();
            case CREATED_AT:
                return columns.createdAt();
            default:
                throw new IllegalStateException("unhandled built-in field " + field);
        }
    }

    private void key(MetadataField field) {
        out.sql("CAST(").text(field.key()).sql(" AS text)");
    }

    private static String text(Object value) {
        // UUIDs compare as their lower-case canonical text, which UUID.toString() is
        return value instanceof UUID uuid ? uuid.toString() : (String) value;
    }

    private static String[] strings(List<Object> values) {
        return values.stream().map(v -> v instanceof Instant instant ? instant.toString() : String.valueOf(v))
                .toArray(String[]::new);
    }
}
