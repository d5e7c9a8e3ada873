package dev.ragstore.redis.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * What Redis holds in place of a session token: the SHA-256 of the token, base64url without
 * padding (43 characters). Tokens are 32 random bytes, so no salt is needed: the hash cannot be
 * reversed by guessing, and a Redis dump yields no usable token. Thread-safe.
 */
public final class TokenHash {

    private TokenHash() {
    }

    /** The hash under which {@code token} is stored and looked up. */
    public static String of(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
