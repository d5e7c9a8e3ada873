package dev.ragstore.core.memory;

import dev.ragstore.core.error.InvalidInputException;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;

/** Argument checks and random tokens shared by the in-memory ephemeral parts. */
final class EphemeralChecks {

    private EphemeralChecks() {
    }

    /** Checks {@code min <= value <= max}, naming the field and the bounds as {@code rule}. */
    static Duration between(String field, Duration value, Duration min, Duration max, String rule) {
        Objects.requireNonNull(value, field);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw InvalidInputException.of(field, rule, value);
        }
        return value;
    }

    /** {@code bytes} random bytes as unpadded base64url text. */
    static String randomToken(SecureRandom random, int bytes) {
        byte[] raw = new byte[bytes];
        random.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }
}
