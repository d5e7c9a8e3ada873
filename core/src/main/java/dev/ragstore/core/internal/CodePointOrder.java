package dev.ragstore.core.internal;

/**
 * Orders strings by Unicode code point: the order of their UTF-8 bytes, of Python's {@code str}
 * (Milvus Lite) and of PostgreSQL's {@code "C"} collation. {@link String#compareTo} compares
 * UTF-16 units instead, which differs above U+FFFF (a supplementary character sorts before
 * U+E000..U+FFFF there). Every metadata comparison of text uses this order.
 */
public final class CodePointOrder {

    private CodePointOrder() {
    }

    /** The code-point order of {@code a} and {@code b}: negative, zero or positive; a prefix comes first. */
    public static int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }
}
