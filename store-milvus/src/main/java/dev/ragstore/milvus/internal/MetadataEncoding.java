package dev.ragstore.milvus.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.ragstore.core.internal.CodePointOrder;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * How chunk metadata is stored in the {@code metadata} JSON field of a Milvus collection: every
 * entry under its own key, as natural JSON (text, Long, Double, boolean, list of text; a UUID as
 * its lower-case text), plus three reserved entries whose names cannot be metadata keys (they
 * start with {@code @}) and which make {@link MilvusFilter}'s expressions exact on any server:
 * <ul>
 *   <li>{@value #KIND}: key → kind code ({@value #TEXT}, {@value #LONG}, {@value #DOUBLE},
 *       {@value #BOOLEAN}, {@value #LIST}), so a condition only ever compares values of one kind
 *       (Milvus Lite evaluates filters in Python, where {@code true == 1});</li>
 *   <li>{@value #MIN} and {@value #MAX}: key → the smallest and largest element (by code point)
 *       of a non-empty list, so "any element &gt; v" is "max &gt; v";</li>
 *   <li>{@value #LIKE}: key → the value as {@link #likeText(String)} writes it, for a text value
 *       holding {@code %}, {@code _} or {@code \}, and for every list (its elements joined by
 *       {@link #LIKE_SEPARATOR}), so {@code contains} becomes a {@code like} whose pattern has no
 *       wildcard but its own (Milvus Lite's {@code like} has no escape character).</li>
 * </ul>
 * Stateless and thread-safe.
 */
public final class MetadataEncoding {

    /** The reserved entry mapping each key to its kind code. */
    public static final String KIND = "@kind";
    /** The reserved entry mapping each non-empty list key to its smallest element. */
    public static final String MIN = "@min";
    /** The reserved entry mapping each non-empty list key to its largest element. */
    public static final String MAX = "@max";

    /** The reserved entry mapping text keys with LIKE wildcards, and list keys, to their {@link #likeText} form. */
    public static final String LIKE = "@like";
    /**
     * Separates a list's elements in its {@value #LIKE} entry (a private-use code point), so a
     * {@code contains} never matches across two elements.
     */
    public static final char LIKE_SEPARATOR = '\uE003';

    /** Kind code of String and UUID values. */
    public static final String TEXT = "s";
    /** Kind code of Long values. */
    public static final String LONG = "i";
    /** Kind code of Double values. */
    public static final String DOUBLE = "d";
    /** Kind code of Boolean values. */
    public static final String BOOLEAN = "b";
    /** Kind code of lists of strings. */
    public static final String LIST = "l";

    private MetadataEncoding() {
    }

    /** The JSON object stored for {@code metadata} (already normalized by {@code Checks.metadata}). */
    public static JsonObject encode(Map<String, Object> metadata) {
        JsonObject json = new JsonObject();
        JsonObject kinds = new JsonObject();
        JsonObject mins = new JsonObject();
        JsonObject maxes = new JsonObject();
        JsonObject likes = new JsonObject();
        for (Map.Entry<String, Object> entry : metadata.entrySet()) {
            String key = entry.getKey();
            Object value = entry.getValue();
            if (value instanceof String s) {
                json.addProperty(key, s);
                kinds.addProperty(key, TEXT);
                String like = likeText(s);
                if (!like.equals(s)) {
                    likes.addProperty(key, like);
                }
            } else if (value instanceof UUID u) {
                json.addProperty(key, u.toString());
                kinds.addProperty(key, TEXT);
            } else if (value instanceof Long l) {
                json.addProperty(key, l);
                kinds.addProperty(key, LONG);
            } else if (value instanceof Double d) {
                json.addProperty(key, d);
                kinds.addProperty(key, DOUBLE);
            } else if (value instanceof Boolean b) {
                json.addProperty(key, b);
                kinds.addProperty(key, BOOLEAN);
            } else if (value instanceof List<?> list) {
                JsonArray array = new JsonArray();
                String min = null;
                String max = null;
                StringBuilder like = new StringBuilder();
                for (Object element : list) {
                    String text = (String) element;
                    array.add(text);
                    like.append(LIKE_SEPARATOR).append(likeText(text));
                    if (min == null || CodePointOrder.compare(text, min) < 0) {
                        min = text;
                    }
                    if (max == null || CodePointOrder.compare(text, max) > 0) {
                        max = text;
                    }
                }
                json.add(key, array);
                kinds.addProperty(key, LIST);
                likes.addProperty(key, like.append(LIKE_SEPARATOR).toString());
                if (min != null) {
                    mins.addProperty(key, min);
                    maxes.addProperty(key, max);
                }
            } else {
                throw new IllegalStateException("metadata value of type " + value.getClass().getName()
                        + " passed Checks.metadata");
            }
        }
        json.add(KIND, kinds);
        json.add(MIN, mins);
        json.add(MAX, maxes);
        if (!likes.isEmpty()) {
            json.add(LIKE, likes);
        }
        return json;
    }

    /**
     * {@code text} with each LIKE wildcard or escape replaced by a private-use code point:
     * {@code %} by U+E000, {@code _} by U+E001, {@code \} by U+E002. Applied to stored values
     * and to the searched text alike, so {@code like "%" + likeText(t) + "%"} is a literal
     * substring test; exact for all text without the code points U+E000 to U+E003 (which it
     * cannot tell apart from the replaced characters).
     */
    public static String likeText(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            char replaced = c == '%' ? '\uE000' : c == '_' ? '\uE001' : c == '\\' ? '\uE002' : c;
            if (replaced != c && out == null) {
                out = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (out != null) {
                out.append(replaced);
            }
        }
        return out == null ? text : out.toString();
    }
}
