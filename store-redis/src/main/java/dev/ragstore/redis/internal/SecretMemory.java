package dev.ragstore.redis.internal;

import dev.ragstore.core.internal.RecordJson;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps secrets (password hashes, sealed API keys) out of Redis. A cache entry holds only a
 * secret's fingerprint (SHA-256, base64url); the secret itself stays in this process's memory,
 * remembered when a record is read from the store of record, and is put back into the record when
 * a cache entry is served. A fingerprint this process does not hold (another process filled the
 * entry, or the secret was evicted or changed) makes the entry unservable here: the read goes to
 * the store of record, which refills the memory. Bounded (least recently used secrets are
 * forgotten beyond {@link #MAX_SECRETS}). Thread-safe.
 *
 * <p>A fingerprint gives nothing away: an Argon2 hash includes a random salt, a sealed key is
 * AES-GCM ciphertext, and neither can be recovered from or tested against its SHA-256.
 */
public final class SecretMemory implements RecordJson.Fingerprints {

    /** Most secrets kept per store. */
    public static final int MAX_SECRETS = 20_000;

    /** Thrown while decoding a cache entry whose secret this process does not hold; not an error. */
    public static final class NotHeld extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotHeld() {
            super("secret of the cache entry not held by this process; read the store of record", null, false, false);
        }
    }

    private final Map<String, String> byFingerprint = new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > MAX_SECRETS;
        }
    };

    /** Remembers {@code secret} and returns its fingerprint; the empty secret's fingerprint is {@code ""}. */
    @Override
    public String fingerprint(String secret) {
        if (secret.isEmpty()) {
            return "";
        }
        String fingerprint = sha256(secret);
        synchronized (byFingerprint) {
            byFingerprint.put(fingerprint, secret);
        }
        return fingerprint;
    }

    /**
     * The secret of {@code fingerprint}.
     *
     * @throws NotHeld if this process does not hold it
     */
    @Override
    public String secret(String fingerprint) {
        if (fingerprint.isEmpty()) {
            return "";
        }
        String secret;
        synchronized (byFingerprint) {
            secret = byFingerprint.get(fingerprint);
        }
        if (secret == null) {
            throw new NotHeld();
        }
        return secret;
    }

    /** How many secrets are held (for tests). */
    public int size() {
        synchronized (byFingerprint) {
            return byFingerprint.size();
        }
    }

    static String sha256(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
