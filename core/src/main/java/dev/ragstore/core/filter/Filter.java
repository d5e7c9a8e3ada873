package dev.ragstore.core.filter;

import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.internal.Checks;
import dev.ragstore.core.knowledge.KnowledgeBaseId;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A condition on indexed chunks: pure data, translated by each adapter (SQL with bound
 * parameters, Milvus expressions with escaped literals, in-memory evaluation).
 *
 * <h2>Semantics every adapter implements</h2>
 * <ul>
 *   <li>Values compare by kind: <em>text</em> (String, UUID — a UUID as its lower-case canonical
 *       text), <em>number</em> (Long and Double, compared by numeric value, exactly even above
 *       2<sup>53</sup>), <em>boolean</em>, and <em>instant</em> ({@link BuiltInField#CREATED_AT}).
 *       Values of different kinds never match each other. Text orders by Unicode code point.</li>
 *   <li>A positive condition ({@link Eq}, {@link In}, {@link Gt}, {@link Gte}, {@link Lt},
 *       {@link Lte}) is false when the field is missing. On a list-valued metadata entry it is
 *       true when any element satisfies it.</li>
 *   <li>{@link Ne} is {@code not(eq)}, {@link NotIn} is {@code not(in)}, and {@link Not} negates:
 *       so a chunk without the key <em>matches</em> {@code ne}, {@code notIn} and {@code not}.</li>
 *   <li>{@link Exists} is true when the key is present (for {@link BuiltInField#PAGE}: the chunk has a page).</li>
 *   <li>{@link Contains} is a case-sensitive literal substring test on a text value (or, for a
 *       list, any element): no character of the searched text is a wildcard or an escape, so
 *       {@code %}, {@code _} and {@code \} match only themselves. It is a positive condition:
 *       false on a missing key and on numbers, booleans and other non-text values.</li>
 * </ul>
 */
public sealed interface Filter permits Filter.Eq, Filter.Ne, Filter.In, Filter.NotIn, Filter.Gt, Filter.Gte,
        Filter.Lt, Filter.Lte, Filter.Exists, Filter.Contains, Filter.And, Filter.Or, Filter.Not {

    /** The most values one {@link In} or {@link NotIn} may list. */
    int MAX_VALUES = 1_000;
    /**
     * The deepest nesting of {@link And}, {@link Or} and {@link Not}. Adapters translate a filter
     * recursively (SQL, Milvus expressions, in-memory evaluation); 16 levels is more than any
     * hand-written or generated condition needs and keeps every translation's stack shallow.
     */
    int MAX_DEPTH = 16;
    /**
     * The most conditions ({@code eq}, {@code in}, {@code exists}, ...: every node that is not
     * {@code and}, {@code or} or {@code not}) one filter may hold, counted over the whole tree,
     * so also the widest {@code and}/{@code or}. Each condition becomes about 15 bound
     * parameters on PostgreSQL (a 10,000-condition filter needed 150,030, past the protocol's
     * 65,535) and a clause of a Milvus expression (a 40,000-clause {@code or} held Milvus for
     * its whole deadline). 1,000 conditions stay near 15,000 parameters and a few milliseconds
     * of planning, and are far more than a metadata filter written by hand or by a UI has.
     */
    int MAX_LEAVES = 1_000;
    /**
     * The most values one filter may list over all its {@link In} and {@link NotIn} conditions
     * (each of those lists at most {@link #MAX_VALUES}). 10,000 values keep a PostgreSQL array
     * parameter and a Milvus {@code in [...]} literal well under a megabyte.
     */
    int MAX_TOTAL_VALUES = 10_000;

    record Eq(FilterField field, Object value) implements Filter {
        public Eq {
            value = FilterValues.scalar(field, value);
        }
    }

    record Ne(FilterField field, Object value) implements Filter {
        public Ne {
            value = FilterValues.scalar(field, value);
        }
    }

    record In(FilterField field, List<Object> values) implements Filter {
        public In {
            values = FilterValues.list(field, values);
        }
    }

    record NotIn(FilterField field, List<Object> values) implements Filter {
        public NotIn {
            values = FilterValues.list(field, values);
        }
    }

    record Gt(FilterField field, Object value) implements Filter {
        public Gt {
            value = FilterValues.ordered(field, value);
        }
    }

    record Gte(FilterField field, Object value) implements Filter {
        public Gte {
            value = FilterValues.ordered(field, value);
        }
    }

    record Lt(FilterField field, Object value) implements Filter {
        public Lt {
            value = FilterValues.ordered(field, value);
        }
    }

    record Lte(FilterField field, Object value) implements Filter {
        public Lte {
            value = FilterValues.ordered(field, value);
        }
    }

    record Exists(FilterField field) implements Filter {
        public Exists {
            Objects.requireNonNull(field, "field");
        }
    }

    /**
     * Metadata entry {@code field} holds {@code text} as a literal, case-sensitive substring (see
     * {@link #contains(String, String)}).
     */
    record Contains(MetadataField field, String text) implements Filter {
        public Contains {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(text, "text");
            Checks.text("filter contains text for metadata['" + field.key() + "']", text, Checks.MAX_METADATA_STRING);
            if (text.isEmpty()) {
                throw InvalidInputException.of("filter contains text for metadata['" + field.key() + "']",
                        "must not be empty (use exists)", text);
            }
        }
    }

    record And(List<Filter> filters) implements Filter {
        public And {
            filters = FilterValues.children(filters);
        }
    }

    record Or(List<Filter> filters) implements Filter {
        public Or {
            filters = FilterValues.children(filters);
        }
    }

    record Not(Filter filter) implements Filter {
        public Not {
            Objects.requireNonNull(filter, "filter");
            FilterValues.checkDepth(List.of(filter));
            FilterValues.checkSize(List.of(filter));
        }
    }

    // ---- factories: metadata keys by name, built-in fields by enum ----

    /**
     * The metadata entry {@code key} as a filter field.
     *
     * @param key a metadata key matching {@code [A-Za-z0-9_.-]{1,64}}
     * @throws InvalidInputException if the key breaks its pattern, naming the key
     */
    static MetadataField metadata(String key) {
        return new MetadataField(key);
    }

    /**
     * Metadata entry {@code key} equals {@code value} (for a list entry: any element equals it); false
     * when the key is missing.
     *
     * @param key   a metadata key matching {@code [A-Za-z0-9_.-]{1,64}}
     * @param value a String (at most 8,192 characters, no NUL), Boolean, Long (or a smaller integer,
     *              widened), finite Double (or Float), or UUID; never {@code null} or a list
     * @throws InvalidInputException if the key breaks its pattern or the value is of a kind the
     *         field cannot hold (the message names the field, the rule and the value)
     */
    static Filter eq(String key, Object value) {
        return new Eq(metadata(key), value);
    }

    /**
     * Built-in {@code field} equals {@code value}; false when the field is missing (a chunk without a
     * page).
     *
     * @param field the chunk field to compare
     * @param value for {@code KNOWLEDGE_BASE} and {@code DOCUMENT} their id or a UUID, for
     *              {@code MIME_TYPE} a String, for {@code PAGE} a Long or Integer, for
     *              {@code CREATED_AT} an Instant; never {@code null}
     * @throws InvalidInputException if the value is of a kind the field cannot hold (the message
     *         names the field, the rule and the value)
     * @throws NullPointerException if {@code field} is {@code null}
     */
    static Filter eq(BuiltInField field, Object value) {
        return new Eq(field, value);
    }

    /**
     * {@code not(eq(key, value))}: also true when the key is missing.
     *
     * @param key   a metadata key matching {@code [A-Za-z0-9_.-]{1,64}}
     * @param value a String (at most 8,192 characters, no NUL), Boolean, Long (or a smaller integer,
     *              widened), finite Double (or Float), or UUID; never {@code null} or a list
     * @throws InvalidInputException if the key breaks its pattern or the value is of a kind the
     *         field cannot hold (the message names the field, the rule and the value)
     */
    static Filter ne(String key, Object value) {
        return new Ne(metadata(key), value);
    }

    /**
     * {@code not(eq(field, value))}: also true when the field is missing.
     *
     * @param field the chunk field to compare
     * @param value for {@code KNOWLEDGE_BASE} and {@code DOCUMENT} their id or a UUID, for
     *              {@code MIME_TYPE} a String, for {@code PAGE} a Long or Integer, for
     *              {@code CREATED_AT} an Instant; never {@code null}
     * @throws InvalidInputException if the value is of a kind the field cannot hold (the message
     *         names the field, the rule and the value)
     * @throws NullPointerException if {@code field} is {@code null}
     */
    static Filter ne(BuiltInField field, Object value) {
        return new Ne(field, value);
    }

    /**
     * Metadata entry {@code key} equals one of {@code values} (for a list entry: any element does);
     * false when the key is missing.
     *
     * @param key   a metadata key matching {@code [A-Za-z0-9_.-]{1,64}}
     * @param values 1 to {@value #MAX_VALUES} values, each as {@link #eq(String, Object)} accepts
     * @throws InvalidInputException if the key breaks its pattern, there are no or too many values,
     *         or a value is of a kind the field cannot hold
     */
    static Filter in(String key, Object... values) {
        return new In(metadata(key), Arrays.asList(values));
    }

    /**
     * Built-in {@code field} equals one of {@code values}; false when the field is missing.
     *
     * @param field  the chunk field to compare
     * @param values 1 to {@value #MAX_VALUES} values, each as {@link #eq(BuiltInField, Object)} accepts
     * @throws InvalidInputException if there are no or too many values, or a value is of a kind the
     *         field cannot hold
     * @throws NullPointerException if {@code field} is {@code null}
     */
    static Filter in(BuiltInField field, Object... values) {
        return new In(field, Arrays.asList(values));
    }

    /**
     * {@code not(in(key, values))}: also true when the key is missing.
     *
     * @param key   a metadata key matching {@code [A-Za-z0-9_.-]{1,64}}
     * @param values 1 to {@value #MAX_VALUES} values, each as {@link #eq(String, Object)} accepts
     * @throws InvalidInputException if the key breaks its pattern, there are no or too many values,
     *         or a value is of a kind the field cannot hold
     */
    static Filter notIn(String key, Object... values) {
        return new NotIn(metadata(key), Arrays.asList(values));
    }

    /**
     * {@code not(in(field, values))}: also true when the field is missing.
     *
     * @param field  the chunk field to compare
     * @param values 1 to {@value #MAX_VALUES} values, each as {@link #eq(BuiltInField, Object)} accepts
     * @throws InvalidInputException if there are no or too many values, or a value is of a kind the
     *         field cannot hold
     * @throws NullPointerException if {@code field} is {@code null}
     */
    static Filter notIn(BuiltInField field, Object... values) {
        return new NotIn(field, Arrays.asList(values));
    }

    /**
     * Metadata entry {@code key} is greater than {@code value} (for a list entry: any element is);
     * false when the key is missing or holds another kind of value.
     *
     * @param key   a metadata key matching {@code [A-Za-z0-9_.-]{1,64}}
     * @param value a String, Long (or a smaller integer), finite Double (or Float); text orders by
     *              code point, numbers by exact value
     * @throws InvalidInputException if the key breaks its pattern or the value is a Boolean, UUID or
     *         list (no order)
     */
    static Filter gt(String key, Object value) {
        return new Gt(metadata(key), value);
    }

    /**
     * Built-in {@code field} is greater than {@code value}; false when the field is missing.
     *
     * @param field the chunk field to compare: {@code MIME_TYPE}, {@code PAGE} or {@code CREATED_AT}
     * @param value for {@code MIME_TYPE} a String, for {@code PAGE} a Long or Integer, for
     *              {@code CREATED_AT} an Instant (the id fields have no order)
     * @throws InvalidInputException if {@code field} is an id field or the value is of a kind the
     *         field cannot hold
     * @throws NullPointerException if {@code field} is {@code null}
     */
    static Filter gt(BuiltInField field, Object value) {
        return new Gt(field, value);
    }

    /**
     * Metadata entry {@code key} is greater than or equal to {@code value} (for a list entry: any
     * element is); false when the key is missing or holds another kind of value.
     *
     * @param key   a metadata key matching {@code [A-Za-z0-9_.-]{1,64}}
     * @param value a String, Long (or a smaller integer), finite Double (or Float); text orders by
     *              code point, numbers by exact value
     * @throws InvalidInputException if the key breaks its pattern or the value is a Boolean, UUID or
     *         list (no order)
     */
    static Filter gte(String key, Object value) {
        return new Gte(metadata(key), value);
    }

    /**
     * Built-in {@code field} is greater than or equal to {@code value}; false when the field is
     * missing.
     *
     * @param field the chunk field to compare: {@code MIME_TYPE}, {@code PAGE} or {@code CREATED_AT}
     * @param value for {@code MIME_TYPE} a String, for {@code PAGE} a Long or Integer, for
     *              {@code CREATED_AT} an Instant (the id fields have no order)
     * @throws InvalidInputException if {@code field} is an id field or the value is of a kind the
     *         field cannot hold
     * @throws NullPointerException if {@code field} is {@code null}
     */
    static Filter gte(BuiltInField field, Object value) {
        return new Gte(field, value);
    }

    /**
     * Metadata entry {@code key} is less than {@code value} (for a list entry: any element is); false
     * when the key is missing or holds another kind of value.
     *
     * @param key   a metadata key matching {@code [A-Za-z0-9_.-]{1,64}}
     * @param value a String, Long (or a smaller integer), finite Double (or Float); text orders by
     *              code point, numbers by exact value
     * @throws InvalidInputException if the key breaks its pattern or the value is a Boolean, UUID or
     *         list (no order)
     */
    static Filter lt(String key, Object value) {
        return new Lt(metadata(key), value);
    }

    /**
     * Built-in {@code field} is less than {@code value}; false when the field is missing.
     *
     * @param field the chunk field to compare: {@code MIME_TYPE}, {@code PAGE} or {@code CREATED_AT}
     * @param value for {@code MIME_TYPE} a String, for {@code PAGE} a Long or Integer, for
     *              {@code CREATED_AT} an Instant (the id fields have no order)
     * @throws InvalidInputException if {@code field} is an id field or the value is of a kind the
     *         field cannot hold
     * @throws NullPointerException if {@code field} is {@code null}
     */
    static Filter lt(BuiltInField field, Object value) {
        return new Lt(field, value);
    }

    /**
     * Metadata entry {@code key} is less than or equal to {@code value} (for a list entry: any element
     * is); false when the key is missing or holds another kind of value.
     *
     * @param key   a metadata key matching {@code [A-Za-z0-9_.-]{1,64}}
     * @param value a String, Long (or a smaller integer), finite Double (or Float); text orders by
     *              code point, numbers by exact value
     * @throws InvalidInputException if the key breaks its pattern or the value is a Boolean, UUID or
     *         list (no order)
     */
    static Filter lte(String key, Object value) {
        return new Lte(metadata(key), value);
    }

    /**
     * Built-in {@code field} is less than or equal to {@code value}; false when the field is missing.
     *
     * @param field the chunk field to compare: {@code MIME_TYPE}, {@code PAGE} or {@code CREATED_AT}
     * @param value for {@code MIME_TYPE} a String, for {@code PAGE} a Long or Integer, for
     *              {@code CREATED_AT} an Instant (the id fields have no order)
     * @throws InvalidInputException if {@code field} is an id field or the value is of a kind the
     *         field cannot hold
     * @throws NullPointerException if {@code field} is {@code null}
     */
    static Filter lte(BuiltInField field, Object value) {
        return new Lte(field, value);
    }

    /**
     * Metadata entry {@code key} is present, whatever its value.
     *
     * @param key a metadata key matching {@code [A-Za-z0-9_.-]{1,64}}
     * @throws InvalidInputException if the key breaks its pattern
     */
    static Filter exists(String key) {
        return new Exists(metadata(key));
    }

    /**
     * Built-in {@code field} is present; only {@code PAGE} can be absent (a chunk without a page).
     *
     * @param field the chunk field
     * @throws NullPointerException if {@code field} is {@code null}
     */
    static Filter exists(BuiltInField field) {
        return new Exists(field);
    }

    /**
     * Metadata entry {@code key} is text (a String, or a UUID as its lower-case canonical text)
     * containing {@code text} as a case-sensitive literal substring; for a list entry, any element
     * does. Every character of {@code text} stands for itself: {@code %}, {@code _}, {@code \},
     * quotes and any Unicode character are literals, never wildcards or escapes. False when the key
     * is missing or holds a number or boolean; {@code not(contains(...))} is true then.
     *
     * @param key  a metadata key matching {@code [A-Za-z0-9_.-]{1,64}}
     * @param text 1 to 8,192 characters, no NUL, no unpaired surrogate
     * @throws InvalidInputException if the key breaks its pattern or the text is empty, too long or
     *         not valid text (the message names the field and the rule)
     * @throws NullPointerException if {@code text} is {@code null}
     */
    static Filter contains(String key, String text) {
        return new Contains(metadata(key), text);
    }

    /**
     * Every one of {@code filters} holds.
     *
     * @param filters at least one filter; nested {@code and}/{@code or}/{@code not} at most
     *                {@value #MAX_DEPTH} deep
     * @throws InvalidInputException if there is no filter or the nesting is {@value #MAX_DEPTH} deep
     *         or deeper
     * @throws NullPointerException if a filter is {@code null}
     */
    static Filter and(Filter... filters) {
        return new And(Arrays.asList(filters));
    }

    /**
     * At least one of {@code filters} holds.
     *
     * @param filters at least one filter; nested {@code and}/{@code or}/{@code not} at most
     *                {@value #MAX_DEPTH} deep
     * @throws InvalidInputException if there is no filter or the nesting is {@value #MAX_DEPTH} deep
     *         or deeper
     * @throws NullPointerException if a filter is {@code null}
     */
    static Filter or(Filter... filters) {
        return new Or(Arrays.asList(filters));
    }

    /**
     * {@code filter} does not hold: true for a chunk without the field {@code filter} tests.
     *
     * @param filter the condition to negate
     * @throws InvalidInputException if the nesting would be {@value #MAX_DEPTH} deep or deeper
     * @throws NullPointerException if {@code filter} is {@code null}
     */
    static Filter not(Filter filter) {
        return new Not(filter);
    }
}

/** Validation and normalization of filter values; package-private. */
final class FilterValues {

    private FilterValues() {
    }

    static Object scalar(FilterField field, Object value) {
        Objects.requireNonNull(field, "field");
        if (value == null) {
            throw InvalidInputException.of("filter value for " + describe(field), "must not be null (use exists/not exists)", null);
        }
        if (field instanceof MetadataField m) {
            Object normalized = Checks.metadataValue(m.key(), value);
            if (normalized instanceof List) {
                throw InvalidInputException.of("filter value for " + describe(field), "must be a single value, not a list (use in)", value);
            }
            return normalized;
        }
        BuiltInField builtIn = (BuiltInField) field;
        switch (builtIn) {
            case KNOWLEDGE_BASE:
                if (value instanceof KnowledgeBaseId id) {
                    return id.value();
                }
                return requireUuid(builtIn, value);
            case DOCUMENT:
                if (value instanceof DocumentId id) {
                    return id.value();
                }
                return requireUuid(builtIn, value);
            case MIME_TYPE:
                if (value instanceof String s) {
                    return Checks.text("filter value for MIME_TYPE", s, Checks.MAX_NAME);
                }
                throw InvalidInputException.of("filter value for MIME_TYPE", "must be a String", value.getClass().getSimpleName());
            case PAGE:
                if (value instanceof Long || value instanceof Integer || value instanceof Short) {
                    return ((Number) value).longValue();
                }
                throw InvalidInputException.of("filter value for PAGE", "must be a Long or Integer", value.getClass().getSimpleName());
            case CREATED_AT:
                if (value instanceof Instant) {
                    return value;
                }
                throw InvalidInputException.of("filter value for CREATED_AT", "must be an Instant", value.getClass().getSimpleName());
            default:
                throw new IllegalStateException("unhandled built-in field " + builtIn);
        }
    }

    static Object ordered(FilterField field, Object value) {
        Object normalized = scalar(field, value);
        if (normalized instanceof Boolean || normalized instanceof UUID) {
            throw InvalidInputException.of("filter value for " + describe(field), "must be a number, text or instant to compare order", value);
        }
        if (field == BuiltInField.KNOWLEDGE_BASE || field == BuiltInField.DOCUMENT) {
            throw InvalidInputException.of("filter field", "must not be an id for an order comparison", field);
        }
        return normalized;
    }

    static List<Object> list(FilterField field, List<Object> values) {
        Objects.requireNonNull(values, "values");
        if (values.isEmpty() || values.size() > Filter.MAX_VALUES) {
            throw InvalidInputException.of("filter values for " + describe(field), "must have 1 to " + Filter.MAX_VALUES
                    + " elements (rule filter.in_values)", values.size());
        }
        return values.stream().map(v -> scalar(field, v)).toList();
    }

    static List<Filter> children(List<Filter> filters) {
        Objects.requireNonNull(filters, "filters");
        if (filters.isEmpty()) {
            throw InvalidInputException.of("filters", "must not be empty", filters);
        }
        if (filters.size() > Filter.MAX_LEAVES) {
            throw InvalidInputException.of("filter width", "must be at most " + Filter.MAX_LEAVES
                    + " conditions in one and/or (rule filter.leaves)", filters.size());
        }
        List<Filter> copy = List.copyOf(filters);
        checkDepth(copy);
        checkSize(copy);
        return copy;
    }

    /** Checks the whole tree's conditions and listed values against {@link Filter#MAX_LEAVES} and {@link Filter#MAX_TOTAL_VALUES}. */
    static void checkSize(List<Filter> filters) {
        long leaves = 0;
        long values = 0;
        for (Filter f : filters) {
            long[] size = size(f);
            leaves += size[0];
            values += size[1];
        }
        if (leaves > Filter.MAX_LEAVES) {
            throw InvalidInputException.of("filter conditions", "must be at most " + Filter.MAX_LEAVES
                    + " in the whole filter (rule filter.leaves)", leaves);
        }
        if (values > Filter.MAX_TOTAL_VALUES) {
            throw InvalidInputException.of("filter values", "must be at most " + Filter.MAX_TOTAL_VALUES
                    + " over all in/notIn lists of the filter (rule filter.values)", values);
        }
    }

    /** Conditions and in/notIn values of one (already checked, so bounded) tree. */
    private static long[] size(Filter filter) {
        List<Filter> children;
        if (filter instanceof Filter.And a) {
            children = a.filters();
        } else if (filter instanceof Filter.Or o) {
            children = o.filters();
        } else if (filter instanceof Filter.Not n) {
            children = List.of(n.filter());
        } else if (filter instanceof Filter.In in) {
            return new long[] {1, in.values().size()};
        } else if (filter instanceof Filter.NotIn notIn) {
            return new long[] {1, notIn.values().size()};
        } else {
            return new long[] {1, 0};
        }
        long[] total = new long[2];
        for (Filter child : children) {
            long[] size = size(child);
            total[0] += size[0];
            total[1] += size[1];
        }
        return total;
    }

    static void checkDepth(List<Filter> filters) {
        for (Filter f : filters) {
            if (depth(f) >= Filter.MAX_DEPTH) {
                throw InvalidInputException.of("filter nesting depth", "must be less than " + Filter.MAX_DEPTH, depth(f) + 1);
            }
        }
    }

    private static int depth(Filter filter) {
        if (filter instanceof Filter.And a) {
            return 1 + a.filters().stream().mapToInt(FilterValues::depth).max().orElse(0);
        }
        if (filter instanceof Filter.Or o) {
            return 1 + o.filters().stream().mapToInt(FilterValues::depth).max().orElse(0);
        }
        if (filter instanceof Filter.Not n) {
            return 1 + depth(n.filter());
        }
        return 0;
    }

    private static UUID requireUuid(BuiltInField field, Object value) {
        if (value instanceof UUID uuid) {
            return uuid;
        }
        throw InvalidInputException.of("filter value for " + field, "must be an id or UUID", value.getClass().getSimpleName());
    }

    private static String describe(FilterField field) {
        return field instanceof MetadataField m ? "metadata['" + m.key() + "']" : field.toString();
    }
}
