package dev.ragstore.core.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/** SHA-256 digests of document content, used to detect re-ingestion of the same bytes. */
public final class ContentHash {

    private ContentHash() {
    }

    /**
     * The SHA-256 digest of {@code content} as 64 lower-case hex characters.
     *
     * @param content must not be {@code null}; may be empty
     */
    public static String sha256Hex(byte[] content) {
        Objects.requireNonNull(content, "content");
        return HexFormat.of().formatHex(sha256().digest(content));
    }

    /** A new SHA-256 digest; every Java platform is required to provide one. */
    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform but is missing", e);
        }
    }
}
