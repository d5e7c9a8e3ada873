package dev.ragstore.postgres.internal;

import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.filter.BuiltInField;
import dev.ragstore.core.filter.Filter;
import dev.ragstore.core.filter.FilterField;
import dev.ragstore.core.filter.MetadataField;
import org.jdbi.v3.core.statement.SqlStatement;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Translates a {@link Filter} into a SQL boolean expression over a chunk row, with every value and
 * every metadata key bound as a parameter: nothing from the filter is spliced into the SQL text.
 * Implements the semantics documented on {@link Filter} exactly:
 *
 * <ul>
 *   <li>every condition yields {@code true} or {@code false}, never {@code NULL}, so {@code ne},
 *       {@code notIn} and {@code not} are plain negations and match rows without the key;</li>
 *   <li>metadata values compare within their kind only ({@code jsonb_typeof} decides); a
 *       positive condition on a list holds when any element satisfies it;</li>
 *   <li>text orders by code point ({@code COLLATE "C"} on UTF-8);</li>
 *   <li>numbers compare exactly as {@code numeric}: a stored Long (written as an integer, scale 0)
 *       against the exact value of the filter number; a stored Double (written by
 *       {@link dev.ragstore.core.internal.MetadataJson} as its shortest decimal with a fraction)
 *       against the filter number mapped into the same shortest-decimal space, which preserves the
 *       order of doubles and the exact comparison with Longs.</li>
 * </ul>
 *
 * <p>Stateless and thread-safe; each {@link #translate} call returns a new {@link Fragment}.
 */
public final class SqlFilter {

    private static final Pattern COLUMN = Pattern.compile("[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)?");
    private static final Pattern PREFIX = Pattern.compile("[a-z_][a-z0-9_]{0,30}");

    private final Columns columns;
    private final String prefix;

    private SqlFilter(Columns columns, String prefix) {
        this.columns = columns;
        this.prefix = prefix;
    }

    /**
     * Translates {@code filter}; {@code null} gives {@code TRUE}.
     *
     * @param columns         where the filtered fields are in the caller's {@code FROM} clause
     * @param parameterPrefix prefix of the generated parameter names ({@code [a-z_][a-z0-9_]{0,30}}),
     *                        chosen not to collide with the caller's own parameters
     */
    public static Fragment translate(Filter filter, Columns columns, String parameterPrefix) {
        Objects.requireNonNull(columns, "columns");
        Objects.requireNonNull(parameterPrefix, "parameterPrefix");
        if (!PREFIX.matcher(parameterPrefix).matches()) {
            throw InvalidInputException.of("parameterPrefix", "must match " + PREFIX.pattern(), parameterPrefix);
        }
        if (filter == null) {
            return new Fragment("TRUE", Map.of());
        }
        Translation translation = new SqlFilter(columns, parameterPrefix).new Translation();
        String sql = translation.condition(filter);
        return new Fragment(sql, translation.parameters);
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
    }

    /**
     * A translated condition: SQL text with named parameters ({@code :name}) and their values
     * (String, UUID, Long, Boolean, BigDecimal, arrays of String or UUID).
     */
    public record Fragment(String sql, Map<String, Object> parameters) {

        public Fragment {
            Objects.requireNonNull(sql, "sql");
            parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        }

        /** Binds every parameter of this fragment to {@code statement}. */
        public <S extends SqlStatement<S>> S bindTo(S statement) {
            for (Map.Entry<String, Object> parameter : parameters.entrySet()) {
                statement.bind(parameter.getKey(), parameter.getValue());
            }
            return statement;
        }
    }

    /** One translation: the parameters it has bound so far. */
    private final class Translation {

        private final Map<String, Object> parameters = new LinkedHashMap<>();

        String condition(Filter filter) {
            if (filter instanceof Filter.Eq f) {
                return compare(f.field(), "=", f.value());
            } else if (filter instanceof Filter.Ne f) {
                return "NOT " + compare(f.field(), "=", f.value());
            } else if (filter instanceof Filter.In f) {
                return member(f.field(), f.values());
            } else if (filter instanceof Filter.NotIn f) {
                return "NOT " + member(f.field(), f.values());
            } else if (filter instanceof Filter.Gt f) {
                return compare(f.field(), ">", f.value());
            } else if (filter instanceof Filter.Gte f) {
                return compare(f.field(), ">=", f.value());
            } else if (filter instanceof Filter.Lt f) {
                return compare(f.field(), "<", f.value());
            } else if (filter instanceof Filter.Lte f) {
                return compare(f.field(), "<=", f.value());
            } else if (filter instanceof Filter.Exists f) {
                return exists(f.field());
            } else if (filter instanceof Filter.And f) {
                return join(f.filters(), " AND ");
            } else if (filter instanceof Filter.Or f) {
                return join(f.filters(), " OR ");
            } else if (filter instanceof Filter.Not f) {
                return "NOT " + condition(f.filter());
            } else {
                throw new IllegalStateException("unhandled filter node " + filter.getClass().getName());
            }
        }

        private String join(List<Filter> filters, String operator) {
            List<String> parts = new ArrayList<>(filters.size());
            for (Filter child : filters) {
                parts.add(condition(child));
            }
            return "(" + String.join(operator, parts) + ")";
        }

        private String compare(FilterField field, String operator, Object value) {
            if (field instanceof MetadataField m) {
                return metadataCompare(m, operator, value);
            }
            BuiltInField builtIn = (BuiltInField) field;
            String column = column(builtIn);
            switch (builtIn) {
                case KNOWLEDGE_BASE:
                case DOCUMENT:
                    return "(" + column + " " + operator + " " + bind(value) + ")";
                case MIME_TYPE:
                    return "(" + column + " COLLATE \"C\" " + operator + " " + bind(value) + ")";
                case PAGE:
                    return "COALESCE(" + column + " " + operator + " " + bind(value) + ", false)";
                case CREATED_AT:
                    return "(" + column + " " + operator + " CAST(" + bind(value.toString()) + " AS timestamptz))";
                default:
                    throw new IllegalStateException("unhandled built-in field " + builtIn);
            }
        }

        private String member(FilterField field, List<Object> values) {
            if (field instanceof MetadataField m) {
                return metadataMember(m, values);
            }
            BuiltInField builtIn = (BuiltInField) field;
            String column = column(builtIn);
            switch (builtIn) {
                case KNOWLEDGE_BASE:
                case DOCUMENT:
                    return "(" + column + " = ANY(" + bind(values.stream().map(UUID.class::cast).toArray(UUID[]::new)) + "))";
                case MIME_TYPE:
                    return "(" + column + " = ANY(" + bind(values.stream().map(String.class::cast).toArray(String[]::new)) + "))";
                case PAGE:
                    return "COALESCE(" + column + " = ANY(CAST(" + bind(strings(values)) + " AS bigint[])), false)";
                case CREATED_AT:
                    return "(" + column + " = ANY(CAST(" + bind(strings(values)) + " AS timestamptz[])))";
                default:
                    throw new IllegalStateException("unhandled built-in field " + builtIn);
            }
        }

        private String exists(FilterField field) {
            if (field instanceof MetadataField m) {
                return "((" + columns.metadata() + " -> " + key(m) + ") IS NOT NULL)";
            }
            BuiltInField builtIn = (BuiltInField) field;
            return builtIn == BuiltInField.PAGE ? "(" + columns.page() + " IS NOT NULL)" : "TRUE";
        }

        private String metadataCompare(MetadataField field, String operator, Object value) {
            String key = key(field);
            String json = columns.metadata() + " -> " + key;
            String text = columns.metadata() + " ->> " + key;
            if (value instanceof Boolean) {
                return "(CASE WHEN jsonb_typeof(" + json + ") = 'boolean' THEN CAST(" + text + " AS boolean) "
                        + operator + " " + bind(value) + " ELSE false END)";
            }
            if (value instanceof Long || value instanceof Double) {
                return numberCompare(json, text, operator, (Number) value);
            }
            String bound = bind(text(value));
            return "(CASE jsonb_typeof(" + json + ") WHEN 'string' THEN (" + text + ") COLLATE \"C\" " + operator + " " + bound
                    + " WHEN 'array' THEN EXISTS (SELECT 1 FROM jsonb_array_elements_text(" + json + ") AS element(value) "
                    + "WHERE element.value COLLATE \"C\" " + operator + " " + bound + ") ELSE false END)";
        }

        private String numberCompare(String json, String text, String operator, Number value) {
            String stored = "CAST(" + text + " AS numeric)";
            String asLong = stored + " " + operator + " CAST(" + bind(SqlNumbers.exact(value).toPlainString()) + " AS numeric)";
            String asDouble = SqlNumbers.againstStoredDouble(value, operator, stored, this::bind);
            return "(CASE WHEN jsonb_typeof(" + json + ") = 'number' THEN (CASE WHEN scale(" + stored + ") = 0 THEN "
                    + asLong + " ELSE " + asDouble + " END) ELSE false END)";
        }

        private String metadataMember(MetadataField field, List<Object> values) {
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
            String key = key(field);
            String json = columns.metadata() + " -> " + key;
            String text = columns.metadata() + " ->> " + key;
            List<String> parts = new ArrayList<>();
            if (!texts.isEmpty()) {
                String bound = bind(texts.toArray(String[]::new));
                parts.add("(CASE jsonb_typeof(" + json + ") WHEN 'string' THEN (" + text + ") = ANY(" + bound + ") "
                        + "WHEN 'array' THEN EXISTS (SELECT 1 FROM jsonb_array_elements_text(" + json + ") AS element(value) "
                        + "WHERE element.value = ANY(" + bound + ")) ELSE false END)");
            }
            if (!numbers.isEmpty()) {
                String stored = "CAST(" + text + " AS numeric)";
                String exact = bind(numbers.stream().map(n -> SqlNumbers.exact(n).toPlainString()).toArray(String[]::new));
                String[] shortest = numbers.stream().map(SqlNumbers::shortestEqual).filter(Objects::nonNull)
                        .map(BigDecimal::toPlainString).toArray(String[]::new);
                String asDouble = shortest.length == 0 ? "false"
                        : stored + " = ANY(CAST(" + bind(shortest) + " AS numeric[]))";
                parts.add("(CASE WHEN jsonb_typeof(" + json + ") = 'number' THEN (CASE WHEN scale(" + stored + ") = 0 THEN "
                        + stored + " = ANY(CAST(" + exact + " AS numeric[])) ELSE " + asDouble + " END) ELSE false END)");
            }
            if (!booleans.isEmpty()) {
                parts.add(booleans.contains(true) && booleans.contains(false)
                        ? "(jsonb_typeof(" + json + ") = 'boolean')"
                        : metadataCompare(field, "=", booleans.get(0)));
            }
            return parts.size() == 1 ? parts.get(0) : "(" + String.join(" OR ", parts) + ")";
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

        private String key(MetadataField field) {
            return "CAST(" + bind(field.key()) + " AS text)";
        }

        private String bind(Object value) {
            String name = prefix + parameters.size();
            parameters.put(name, value);
            return ":" + name;
        }
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
