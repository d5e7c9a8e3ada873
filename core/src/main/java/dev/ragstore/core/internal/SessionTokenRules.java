package dev.ragstore.core.internal;

import dev.ragstore.core.error.InvalidInputException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The rules every session-token adapter applies to a token's payload and to a token minted
 * elsewhere (registered), and the payload's JSON form. Thread-safe.
 */
public final class SessionTokenRules {

    /** The largest payload, in bytes of its JSON text (UTF-8). */
    public static final int MAX_PAYLOAD_BYTES = 4_096;
    /** The shortest registered token, in characters. */
    public static final int MIN_REGISTERED_TOKEN = 16;
    /** The longest registered token, in characters (a JWT with a few claims is 200 to 1,000). */
    public static final int MAX_REGISTERED_TOKEN = 4_096;
    /** The longest a session may live. */
    public static final Duration MAX_TTL = Duration.ofDays(365);

    private static final MetadataJson JSON = new MetadataJson();

    private SessionTokenRules() {
    }

    /**
     * The checked payload: metadata rules ({@link Checks#metadata}) and at most
     * {@value #MAX_PAYLOAD_BYTES} bytes of JSON.
     *
     * @throws InvalidInputException naming {@code session payload} otherwise
     */
    public static Map<String, Object> payload(Map<String, ?> payload) {
        Objects.requireNonNull(payload, "payload");
        Map<String, Object> checked = Checks.metadata(payload);
        int bytes = JSON.write(checked).getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_PAYLOAD_BYTES) {
            throw InvalidInputException.withoutValue("session payload",
                    "must be at most " + MAX_PAYLOAD_BYTES + " bytes of JSON, but has " + bytes);
        }
        return checked;
    }

    /** The payload as a JSON object (already checked by {@link #payload}). */
    public static String json(Map<String, Object> payload) {
        return JSON.write(payload);
    }

    /** The payload of {@code json} written by {@link #json}. */
    public static Map<String, Object> read(String json) {
        return JSON.read(json);
    }

    /**
     * Checks a token minted elsewhere: {@value #MIN_REGISTERED_TOKEN} to
     * {@value #MAX_REGISTERED_TOKEN} printable ASCII characters without spaces (a JWT, an opaque
     * base64url string). The token is a credential, so it is never echoed.
     *
     * @throws InvalidInputException naming {@code session token} otherwise
     */
    public static String registeredToken(String token) {
        Objects.requireNonNull(token, "token");
        if (token.length() < MIN_REGISTERED_TOKEN || token.length() > MAX_REGISTERED_TOKEN) {
            throw InvalidInputException.withoutValue("session token", "must be " + MIN_REGISTERED_TOKEN + " to "
                    + MAX_REGISTERED_TOKEN + " characters, but has " + token.length());
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw InvalidInputException.withoutValue("session token", "must be printable ASCII without spaces, "
                        + "but has U+" + String.format("%04X", (int) c) + " at index " + i);
            }
        }
        return token;
    }

    /**
     * Checks that a registered token's {@code expiresAt} lies after {@code now} and at most
     * {@link #MAX_TTL} later.
     *
     * @throws InvalidInputException naming {@code session expiresAt} otherwise
     */
    public static Instant expiry(Instant expiresAt, Instant now) {
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (!expiresAt.isAfter(now) || expiresAt.isAfter(now.plus(MAX_TTL))) {
            throw InvalidInputException.of("session expiresAt", "must be after the current time " + now
                    + " and at most 365 days later", expiresAt);
        }
        return expiresAt;
    }
}
