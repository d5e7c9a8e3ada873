package dev.ragstore.core.internal;

import dev.ragstore.core.apikey.ApiKey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issues and checks API key tokens of the form {@code rsk_<12 chars>.<43 chars>}: a public
 * prefix ({@code rsk_} and 72 random bits, base64url) that identifies the key, a dot, and a
 * secret of 32 random bytes (base64url, no padding).
 *
 * <p>Only the SHA-256 of the secret is stored. A fast hash is the right choice here, unlike for
 * passwords: the secret carries 256 bits of randomness, so there is nothing to guess and
 * nothing a slow hash would protect; a fast hash keeps per-request authentication cheap.
 * Thread-safe if the given {@link SecureRandom} is (the JDK's is).
 */
public final class ApiKeyTokens {

    /** What every prefix starts with. */
    public static final String PREFIX_START = "rsk_";

    private static final int PREFIX_RANDOM_BYTES = 9;
    private static final int SECRET_BYTES = 32;
    private static final Pattern TOKEN = Pattern.compile("(rsk_[A-Za-z0-9_-]{12})\\.([A-Za-z0-9_-]{43})");
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final SecureRandom random;

    /** Tokens drawn from {@code random}, which must not be {@code null}. */
    public ApiKeyTokens(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    /** A new random token with its parts and the hash to store. */
    public Generated generate() {
        byte[] prefixBytes = new byte[PREFIX_RANDOM_BYTES];
        byte[] secretBytes = new byte[SECRET_BYTES];
        random.nextBytes(prefixBytes);
        random.nextBytes(secretBytes);
        String prefix = PREFIX_START + BASE64URL.encodeToString(prefixBytes);
        String secret = BASE64URL.encodeToString(secretBytes);
        return new Generated(prefix, secret, prefix + "." + secret, hashSecret(secret));
    }

    /**
     * Whether {@code token} is the token of {@code key}: its prefix is the key's and the hash of
     * its secret equals the key's stored hash (compared in constant time). Does not look at
     * expiry. {@code false} for a {@code null} or malformed token; never throws for one.
     *
     * @param key must not be {@code null}
     */
    public boolean verify(String token, ApiKey key) {
        Objects.requireNonNull(key, "key");
        if (token == null) {
            return false;
        }
        Matcher m = TOKEN.matcher(token);
        if (!m.matches() || !m.group(1).equals(key.prefix())) {
            return false;
        }
        byte[] actual = hashSecret(m.group(2)).getBytes(StandardCharsets.US_ASCII);
        byte[] expected = key.secretHash().getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(actual, expected);
    }

    /** The prefix of a well-formed token, or empty for {@code null} or a malformed token. */
    public static Optional<String> prefixOf(String token) {
        if (token == null) {
            return Optional.empty();
        }
        Matcher m = TOKEN.matcher(token);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static String hashSecret(String secret) {
        return HexFormat.of().formatHex(ContentHash.sha256().digest(secret.getBytes(StandardCharsets.US_ASCII)));
    }

    /**
     * A freshly issued token. {@link #toString()} masks the secret, the token and the hash.
     *
     * @param prefix     public, unique identifier shown to users, e.g. {@code rsk_Ab3dEf_h1JkL}
     * @param secret     the random part; shown once, never stored
     * @param token      {@code prefix + "." + secret}, what clients send
     * @param secretHash lower-case hex SHA-256 of the secret's ASCII text; what is stored
     */
    public record Generated(String prefix, String secret, String token, String secretHash) {

        public Generated {
            Objects.requireNonNull(prefix, "prefix");
            Objects.requireNonNull(secret, "secret");
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(secretHash, "secretHash");
        }

        @Override
        public String toString() {
            return "Generated[prefix=" + prefix + ", secret=***, token=" + prefix + ".***, secretHash=***]";
        }
    }
}
