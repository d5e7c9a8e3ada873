package dev.ragstore.core.internal;

import java.util.regex.Pattern;

/**
 * Renders a URI or URL (Milvus {@code http://}, Redis {@code redis://}, JDBC
 * {@code jdbc:postgresql://}) so that no credential reaches a message or a log: the user
 * information before {@code @} becomes {@code ***}, and so does the value of any query or
 * property parameter named like a secret ({@code password}, {@code token}, {@code secret},
 * {@code key}, ...). Works on text that is not a valid URI too, since it is used for rejected
 * input. Thread-safe.
 */
public final class UriMasking {

    private static final Pattern USER_INFO = Pattern.compile("(://)[^/?#@]*@");
    private static final Pattern SECRET_PARAMETER = Pattern.compile(
            "(?i)([?&;](?:[a-z0-9_.-]*)(?:password|passwd|pwd|token|secret|key|credentials?)=)[^&;#]*");

    private UriMasking() {
    }

    /** {@code uri} with credentials replaced by {@code ***}; {@code null} stays {@code null}. */
    public static String mask(String uri) {
        if (uri == null) {
            return null;
        }
        String masked = USER_INFO.matcher(uri).replaceFirst("$1***@");
        return SECRET_PARAMETER.matcher(masked).replaceAll("$1***");
    }
}
