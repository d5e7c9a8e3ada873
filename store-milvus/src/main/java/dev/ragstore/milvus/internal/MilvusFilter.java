package dev.ragstore.milvus.internal;

import dev.ragstore.core.filter.BuiltInField;
import dev.ragstore.core.filter.Filter;
import dev.ragstore.core.filter.FilterField;
import dev.ragstore.core.filter.MetadataField;
import dev.ragstore.milvus.internal.ExactBounds.Bound;
import dev.ragstore.milvus.internal.ExactBounds.Op;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;

/**
 * Translates the filter DSL into Milvus boolean expressions with exactly the semantics documented
 * on {@link Filter}. The one place values become expression text is {@link #literal(String)}.
 *
 * <p>How the semantics are kept on any server (Milvus, or Milvus Lite whose evaluator is Python
 * with SQL three-valued logic):
 * <ul>
 *   <li>The filter is brought into negation normal form: {@code not}, {@code ne} and {@code notIn}
 *       are pushed down to the conditions, and each condition has an explicit complement that is
 *       true when the key is missing ({@code not exists ... or ...}). No {@code not} or {@code !=}
 *       is ever applied to a value that may be missing, so "unknown" never turns into a wrong
 *       answer.</li>
 *   <li>Metadata conditions are guarded by the key's kind code (see {@link MetadataEncoding}), so
 *       text, Longs, Doubles, booleans and lists never compare across kinds.</li>
 *   <li>A Long bound against stored Doubles (and vice versa) is rewritten by {@link ExactBounds},
 *       so numbers compare exactly, even above 2<sup>53</sup>.</li>
 *   <li>Lists: {@code eq}/{@code in} use {@code json_contains}/{@code json_contains_any}; an order
 *       comparison uses the list's stored minimum or maximum.</li>
 *   <li>{@code contains} is a {@code like "%...%"} whose searched text has no wildcard: see
 *       {@link MetadataEncoding#likeText(String)}.</li>
 *   <li>Built-in fields map to scalar fields; {@code page} is nullable; {@code created_at} is
 *       epoch microseconds; ids are lower-case UUID text.</li>
 * </ul>
 * Constant results are folded ({@link Expr#TRUE}, {@link Expr#FALSE}). Stateless and thread-safe.
 */
public final class MilvusFilter {

    /** The owner (partition key) field. */
    public static final String OWNER = "owner_id";
    /** The primary key field. */
    public static final String CHUNK_ID = "chunk_id";
    /** The knowledge base field. */
    public static final String KNOWLEDGE_BASE = "knowledge_base_id";
    /** The document field. */
    public static final String DOCUMENT = "document_id";
    /** The mime type field. */
    public static final String MIME_TYPE = "mime_type";
    /** The nullable page field. */
    public static final String PAGE = "page";
    /** The creation time field, epoch microseconds. */
    public static final String CREATED_AT = "created_at";
    /** The JSON metadata field. */
    public static final String METADATA = "metadata";

    private MilvusFilter() {
    }

    /**
     * The one escaping function: {@code value} as a double-quoted Milvus string literal. Escapes
     * backslash, double quote, newline, carriage return and tab (the escapes every Milvus lexer
     * accepts); every other character, Unicode included, is kept as is.
     */
    public static String literal(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\':
                    out.append("\\\\");
                    break;
                case '"':
                    out.append("\\\"");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                case '\r':
                    out.append("\\r");
                    break;
                case '\t':
                    out.append("\\t");
                    break;
                default:
                    out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /** {@code field == "value"} for a scalar text field. */
    public static Expr textEquals(String field, String value) {
        return Expr.of(field + " == " + literal(value));
    }

    /** {@code field in [...]} for a scalar text field; {@link Expr#FALSE} for no values. */
    public static Expr textIn(String field, List<String> values) {
        if (values.isEmpty()) {
            return Expr.FALSE;
        }
        return Expr.of(field + " in " + textList(values));
    }

    /** {@code field not in [...]} for a scalar text field; {@link Expr#TRUE} for no values. */
    public static Expr textNotIn(String field, List<String> values) {
        if (values.isEmpty()) {
            return Expr.TRUE;
        }
        return Expr.of(field + " not in " + textList(values));
    }

    /** The condition of a filter; {@code null} matches everything. */
    public static Expr translate(Filter filter) {
        return filter == null ? Expr.TRUE : translate(filter, false);
    }

    private static Expr translate(Filter filter, boolean negated) {
        if (filter instanceof Filter.And f) {
            List<Expr> parts = children(f.filters(), negated);
            return negated ? Expr.or(parts) : Expr.and(parts);
        } else if (filter instanceof Filter.Or f) {
            List<Expr> parts = children(f.filters(), negated);
            return negated ? Expr.and(parts) : Expr.or(parts);
        } else if (filter instanceof Filter.Not f) {
            return translate(f.filter(), !negated);
        } else if (filter instanceof Filter.Exists f) {
            return exists(f.field(), negated);
        } else if (filter instanceof Filter.Contains f) {
            return contains(f.field().key(), f.text(), negated);
        } else if (filter instanceof Filter.Eq f) {
            return equality(f.field(), List.of(f.value()), negated);
        } else if (filter instanceof Filter.Ne f) {
            return equality(f.field(), List.of(f.value()), !negated);
        } else if (filter instanceof Filter.In f) {
            return equality(f.field(), f.values(), negated);
        } else if (filter instanceof Filter.NotIn f) {
            return equality(f.field(), f.values(), !negated);
        } else if (filter instanceof Filter.Gt f) {
            return order(f.field(), Op.GT, f.value(), negated);
        } else if (filter instanceof Filter.Gte f) {
            return order(f.field(), Op.GTE, f.value(), negated);
        } else if (filter instanceof Filter.Lt f) {
            return order(f.field(), Op.LT, f.value(), negated);
        } else if (filter instanceof Filter.Lte f) {
            return order(f.field(), Op.LTE, f.value(), negated);
        } else {
            throw new IllegalStateException("unhandled filter node " + filter.getClass().getName());
        }
    }

    private static List<Expr> children(List<Filter> filters, boolean negated) {
        List<Expr> parts = new ArrayList<>(filters.size());
        for (Filter child : filters) {
            parts.add(translate(child, negated));
        }
        return parts;
    }

    // ---- exists ----

    private static Expr exists(FilterField field, boolean negated) {
        if (field instanceof MetadataField m) {
            return Expr.of(negated ? "(not exists " + kindPath(m.key()) + ")" : "exists " + kindPath(m.key()));
        }
        if (field == BuiltInField.PAGE) {
            return Expr.of(PAGE + (negated ? " is null" : " is not null"));
        }
        // every chunk has the other built-in fields
        return Expr.constant(!negated);
    }

    // ---- contains ----

    /**
     * A literal substring test with {@code like}, whose only wildcards are the pattern's own
     * leading and trailing {@code %}. Text without {@code %}, {@code _} or {@code \} is matched
     * on the value itself; otherwise on the value's {@link MetadataEncoding#LIKE} form, in which
     * those characters are private-use code points (a value without that entry has none of them,
     * so it cannot contain such a text). Lists are always matched on their {@code LIKE} form.
     */
    private static Expr contains(String key, String text, boolean negated) {
        String needle = MetadataEncoding.likeText(text);
        String pattern = literal("%" + needle + "%");
        String likePath = helperPath(MetadataEncoding.LIKE, key);
        Branch onLikeForm = new Branch(null, Expr.of("(exists " + likePath + " and " + likePath + " like " + pattern + ")"),
                Expr.of("(not exists " + likePath + " or (not (" + likePath + " like " + pattern + ")))"));
        List<Branch> branches = new ArrayList<>();
        if (needle.equals(text)) {
            String path = valuePath(key);
            branches.add(new Branch(MetadataEncoding.TEXT, Expr.of(path + " like " + pattern),
                    Expr.of("(not (" + path + " like " + pattern + "))")));
        } else {
            branches.add(new Branch(MetadataEncoding.TEXT, onLikeForm.holds(), onLikeForm.fails()));
        }
        branches.add(new Branch(MetadataEncoding.LIST, onLikeForm.holds(), onLikeForm.fails()));
        return combine(key, branches, negated);
    }

    // ---- eq / in (and, negated, ne / notIn) ----

    private static Expr equality(FilterField field, List<Object> values, boolean negated) {
        if (field instanceof MetadataField m) {
            return metadataEquality(m.key(), values, negated);
        }
        BuiltInField builtIn = (BuiltInField) field;
        switch (builtIn) {
            case KNOWLEDGE_BASE:
                return scalarIn(KNOWLEDGE_BASE, texts(values), negated);
            case DOCUMENT:
                return scalarIn(DOCUMENT, texts(values), negated);
            case MIME_TYPE:
                return scalarIn(MIME_TYPE, texts(values), negated);
            case PAGE: {
                List<String> literals = new ArrayList<>();
                for (Object value : values) {
                    literals.add(ExactBounds.literal((Long) value));
                }
                String list = "[" + String.join(", ", distinct(literals)) + "]";
                return negated ? Expr.of("(" + PAGE + " is null or " + PAGE + " not in " + list + ")")
                        : Expr.of(PAGE + " in " + list);
            }
            case CREATED_AT: {
                List<Expr> parts = new ArrayList<>();
                for (Object value : values) {
                    parts.add(bound(CREATED_AT, ExactBounds.microsAgainstInstant(negated ? Op.NE : Op.EQ, (Instant) value)));
                }
                return negated ? Expr.and(parts) : Expr.or(parts);
            }
            default:
                throw new IllegalStateException("unhandled built-in field " + builtIn);
        }
    }

    private static Expr scalarIn(String field, List<String> values, boolean negated) {
        List<String> distinct = distinct(values);
        if (distinct.size() == 1) {
            return Expr.of(field + (negated ? " != " : " == ") + literal(distinct.get(0)));
        }
        return Expr.of(field + (negated ? " not in " : " in ") + textList(distinct));
    }

    private static Expr metadataEquality(String key, List<Object> values, boolean negated) {
        List<String> texts = new ArrayList<>();
        List<String> longs = new ArrayList<>();
        List<String> doubles = new ArrayList<>();
        List<String> booleans = new ArrayList<>();
        for (Object value : values) {
            if (value instanceof String || value instanceof UUID) {
                texts.add(text(value));
            } else if (value instanceof Long l) {
                longs.add(ExactBounds.literal(l));
                OptionalDouble same = ExactBounds.doubleEqualTo(l);
                if (same.isPresent()) {
                    doubles.add(ExactBounds.literal(same.getAsDouble()));
                }
            } else if (value instanceof Double d) {
                doubles.add(ExactBounds.literal(d));
                OptionalLong same = ExactBounds.longEqualTo(d);
                if (same.isPresent()) {
                    longs.add(ExactBounds.literal(same.getAsLong()));
                }
            } else if (value instanceof Boolean b) {
                booleans.add(b.toString());
            } else {
                throw new IllegalStateException("unhandled filter value type " + value.getClass().getName());
            }
        }
        String path = valuePath(key);
        List<Branch> branches = new ArrayList<>();
        branches.add(anyEqual(MetadataEncoding.TEXT, path, distinct(quoted(texts))));
        branches.add(anyEqual(MetadataEncoding.LONG, path, distinct(longs)));
        branches.add(anyEqual(MetadataEncoding.DOUBLE, path, distinct(doubles)));
        branches.add(anyEqual(MetadataEncoding.BOOLEAN, path, distinct(booleans)));
        if (!texts.isEmpty()) {
            String call = "json_contains_any(" + path + ", " + textList(distinct(texts)) + ")";
            branches.add(new Branch(MetadataEncoding.LIST, Expr.of(call), Expr.of("(not " + call + ")")));
        } else {
            branches.add(new Branch(MetadataEncoding.LIST, Expr.FALSE, Expr.TRUE));
        }
        return combine(key, branches, negated);
    }

    /** The branch of one kind: the value equals one of {@code literals} (of that kind). */
    private static Branch anyEqual(String kind, String path, List<String> literals) {
        List<Expr> equal = new ArrayList<>();
        List<Expr> differ = new ArrayList<>();
        for (String literal : literals) {
            equal.add(Expr.of(path + " == " + literal));
            differ.add(Expr.of(path + " != " + literal));
        }
        return new Branch(kind, Expr.or(equal), Expr.and(differ));
    }

    // ---- gt / gte / lt / lte ----

    private static Expr order(FilterField field, Op op, Object value, boolean negated) {
        if (field instanceof MetadataField m) {
            return metadataOrder(m.key(), op, value, negated);
        }
        BuiltInField builtIn = (BuiltInField) field;
        Op effective = negated ? op.complement() : op;
        switch (builtIn) {
            case MIME_TYPE:
                return Expr.of(MIME_TYPE + " " + effective.symbol() + " " + literal((String) value));
            case PAGE: {
                Expr compared = Expr.of(PAGE + " " + effective.symbol() + " " + ExactBounds.literal((Long) value));
                return negated ? Expr.of("(" + PAGE + " is null or " + compared.text() + ")") : compared;
            }
            case CREATED_AT:
                return bound(CREATED_AT, ExactBounds.microsAgainstInstant(effective, (Instant) value));
            default:
                throw new IllegalStateException("order comparison on built-in field " + builtIn);
        }
    }

    private static Expr metadataOrder(String key, Op op, Object value, boolean negated) {
        String path = valuePath(key);
        List<Branch> branches = new ArrayList<>();
        if (value instanceof String || value instanceof UUID) {
            String literal = literal(text(value));
            branches.add(new Branch(MetadataEncoding.TEXT, compare(path, op, literal), compare(path, op.complement(), literal)));
            // any element op v  <=>  (max op v) for > and >=, (min op v) for < and <=
            String helper = helperPath(op == Op.GT || op == Op.GTE ? MetadataEncoding.MAX : MetadataEncoding.MIN, key);
            branches.add(new Branch(MetadataEncoding.LIST, compare(helper, op, literal),
                    Expr.of("(not exists " + helper + " or " + helper + " " + op.complement().symbol() + " " + literal + ")")));
        } else if (value instanceof Long l) {
            branches.add(numeric(MetadataEncoding.LONG, path, op, Bound.of(op, ExactBounds.literal(l))));
            branches.add(numeric(MetadataEncoding.DOUBLE, path, op, ExactBounds.doubleAgainstLong(op, l)));
        } else if (value instanceof Double d) {
            branches.add(numeric(MetadataEncoding.DOUBLE, path, op, Bound.of(op, ExactBounds.literal(d))));
            branches.add(numeric(MetadataEncoding.LONG, path, op, ExactBounds.longAgainstDouble(op, d)));
        } else {
            throw new IllegalStateException("unhandled order value type " + value.getClass().getName());
        }
        return combine(key, branches, negated);
    }

    private static Branch numeric(String kind, String path, Op op, Bound bound) {
        if (bound.constant() != null) {
            return new Branch(kind, Expr.constant(bound.constant()), Expr.constant(!bound.constant()));
        }
        return new Branch(kind, compare(path, bound.op(), bound.literal()),
                compare(path, bound.op().complement(), bound.literal()));
    }

    private static Expr compare(String path, Op op, String literal) {
        return Expr.of(path + " " + op.symbol() + " " + literal);
    }

    private static Expr bound(String field, Bound bound) {
        if (bound.constant() != null) {
            return Expr.constant(bound.constant());
        }
        return compare(field, bound.op(), bound.literal());
    }

    // ---- kind-guarded combination ----

    /** A condition for values of one kind: {@code holds} when it holds, {@code fails} when it does not. */
    private record Branch(String kind, Expr holds, Expr fails) {
    }

    /**
     * Positive: the key's kind is one whose condition holds. Negated: the key is missing, or of
     * a kind the condition does not look at, or of a kind whose condition fails.
     */
    private static Expr combine(String key, List<Branch> branches, boolean negated) {
        String kind = kindPath(key);
        List<Expr> parts = new ArrayList<>();
        if (!negated) {
            for (Branch branch : branches) {
                parts.add(Expr.and(kindIs(kind, branch.kind()), branch.holds()));
            }
            return Expr.or(parts);
        }
        parts.add(Expr.of("(not exists " + kind + ")"));
        List<Expr> otherKind = new ArrayList<>();
        for (Branch branch : branches) {
            otherKind.add(Expr.of(kind + " != " + literal(branch.kind())));
            parts.add(Expr.and(kindIs(kind, branch.kind()), branch.fails()));
        }
        parts.add(Expr.and(otherKind));
        return Expr.or(parts);
    }

    private static Expr kindIs(String kindPath, String kind) {
        return Expr.of(kindPath + " == " + literal(kind));
    }

    // ---- paths and literals ----

    private static String valuePath(String key) {
        return METADATA + "[" + literal(key) + "]";
    }

    private static String kindPath(String key) {
        return helperPath(MetadataEncoding.KIND, key);
    }

    private static String helperPath(String entry, String key) {
        return METADATA + "[" + literal(entry) + "][" + literal(key) + "]";
    }

    private static String text(Object value) {
        // a UUID compares as its lower-case canonical text, which UUID.toString() is
        return value instanceof UUID uuid ? uuid.toString() : (String) value;
    }

    private static List<String> texts(List<Object> values) {
        List<String> texts = new ArrayList<>(values.size());
        for (Object value : values) {
            texts.add(text(value));
        }
        return texts;
    }

    private static List<String> quoted(List<String> texts) {
        List<String> quoted = new ArrayList<>(texts.size());
        for (String text : texts) {
            quoted.add(literal(text));
        }
        return quoted;
    }

    private static String textList(List<String> values) {
        return "[" + String.join(", ", quoted(values)) + "]";
    }

    private static List<String> distinct(List<String> values) {
        Set<String> seen = new LinkedHashSet<>(values);
        return List.copyOf(seen);
    }
}
