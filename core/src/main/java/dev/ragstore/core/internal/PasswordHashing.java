package dev.ragstore.core.internal;

import com.password4j.Argon2Function;
import com.password4j.BcryptFunction;
import com.password4j.CompressedPBKDF2Function;
import com.password4j.HashingFunction;
import com.password4j.ScryptFunction;
import com.password4j.types.Argon2;
import dev.ragstore.core.user.LegacyPasswordVerifier;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hashes passwords with Argon2id and verifies stored hashes, upgrading outdated ones.
 *
 * <p>Argon2id with the OWASP baseline (19 MiB memory, 2 iterations, 1 lane, 16-byte salt,
 * 32-byte tag, PHC string {@code $argon2id$v=19$...}) was chosen over bcrypt: it is memory-hard,
 * and it has no 72-byte input limit (bcrypt silently ignores the rest of a longer password, and
 * the password policy belongs to the host). Measured on the 2-core build machine it also costs
 * less CPU (about 160 ms per check) than bcrypt at cost 12 (about 345 ms).
 *
 * <p>{@link #verify} also accepts bcrypt ({@code $2a$}, {@code $2b$}, {@code $2x$},
 * {@code $2y$}; e.g. LAYRA's hashes), other Argon2 variants or weaker parameters, password4j's
 * scrypt and compressed PBKDF2 formats, and whatever the host's {@link LegacyPasswordVerifier}
 * accepts (e.g. salted SHA-256); a match in any of these returns a fresh Argon2id hash to store.
 * Stored hashes whose parameters would cost more than 64 MiB of memory (password4j allocates
 * and caches an Argon2 instance's memory per parameter set), more than 64 Argon2 iterations,
 * a bcrypt cost above 18 or more than 10 million PBKDF2 iterations are treated as not
 * matching rather than computed. Thread-safe.
 */
public final class PasswordHashing {

    /** OWASP Password Storage Cheat Sheet baseline for Argon2id. */
    static final int MEMORY_KIB = 19_456;
    static final int ITERATIONS = 2;
    static final int PARALLELISM = 1;

    private static final int TAG_BYTES = 32;
    private static final int SALT_BYTES = 16;
    private static final int ARGON2_VERSION = 0x13;
    private static final long MAX_MEMORY_KIB = 64 * 1024;
    private static final int MAX_ITERATIONS = 64;
    private static final int MAX_PARALLELISM = 16;
    private static final int MAX_BCRYPT_COST = 18;
    private static final int MAX_PBKDF2_ITERATIONS = 10_000_000;
    /** PHC string; parameters are checked before password4j sees them, as it allocates the memory up front. */
    private static final Pattern ARGON2 = Pattern.compile(
            "\\$argon2(?:id|i|d)\\$(?:v=\\d{1,3}\\$)?m=(\\d{1,9}),t=(\\d{1,9}),p=(\\d{1,3})\\$[A-Za-z0-9+/]+={0,2}\\$[A-Za-z0-9+/]+={0,2}");
    private static final Pattern BCRYPT = Pattern.compile("\\$2[abxy]\\$\\d\\d\\$[./A-Za-z0-9]{53}");
    private static final Pattern PBKDF2 = Pattern.compile("\\$[1-5]\\$\\d{1,20}\\$[A-Za-z0-9+/=]+\\$[A-Za-z0-9+/=]+");
    private static final Pattern SCRYPT = Pattern.compile("\\$[0-9a-f]{5,8}\\$[A-Za-z0-9+/=]+\\$[A-Za-z0-9+/=]+");
    private static final Verification NO_MATCH = new Verification(false, null);

    private final LegacyPasswordVerifier legacy;
    private final Argon2Function current;
    private final SecureRandom random = new SecureRandom();
    private volatile String dummyHash;

    /**
     * Hashing with Argon2id at the OWASP baseline.
     *
     * @param legacy consulted for stored hashes in no format password4j knows; must not be {@code null}
     */
    public PasswordHashing(LegacyPasswordVerifier legacy) {
        this(legacy, MEMORY_KIB, ITERATIONS, PARALLELISM);
    }

    /** Hashing with other Argon2id parameters; tests use cheap ones. */
    PasswordHashing(LegacyPasswordVerifier legacy, int memoryKib, int iterations, int parallelism) {
        this.legacy = Objects.requireNonNull(legacy, "legacy");
        this.current = Argon2Function.getInstance(memoryKib, iterations, parallelism, TAG_BYTES, Argon2.ID, ARGON2_VERSION);
    }

    /**
     * A new Argon2id hash of {@code password} with a random salt, in PHC string format.
     *
     * @param password must not be {@code null}; any length (the policy is the caller's)
     */
    public String hash(String password) {
        Objects.requireNonNull(password, "password");
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return current.hash(password.getBytes(StandardCharsets.UTF_8), salt).getResult();
    }

    /**
     * Checks {@code password} against {@code storedHash}. Never throws for a malformed or
     * unknown stored hash: that is simply no match. A host {@link LegacyPasswordVerifier} that
     * throws is not shielded.
     *
     * @return whether it matched and, when it matched an outdated format or weaker parameters,
     *         a fresh hash the caller should store
     */
    public Verification verify(String password, String storedHash) {
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(storedHash, "storedHash");
        HashingFunction function = recognise(storedHash);
        if (function != null) {
            if (!check(function, password, storedHash)) {
                return NO_MATCH;
            }
            return new Verification(true, isCurrent(function) ? null : hash(password));
        }
        if (!looksLikeKnownFormat(storedHash)) {
            if (legacy.verify(password, storedHash)) {
                return new Verification(true, hash(password));
            }
            // Tried after the legacy verifier: these formats are loose enough to half-parse
            // crypt(3) strings such as "$6$salt$hash" that a host verifier may own.
            HashingFunction other = recogniseOther(storedHash);
            if (other != null && check(other, password, storedHash)) {
                return new Verification(true, hash(password));
            }
        }
        // An unknown or malformed hash must take as long as a real check, or it would be an oracle.
        verifyDummy(password);
        return NO_MATCH;
    }

    /**
     * Whether {@code storedHash} is in a format {@link #verify} can check: Argon2 or bcrypt within
     * the affordable parameters, password4j's scrypt or compressed PBKDF2, or a format the
     * {@link LegacyPasswordVerifier} {@linkplain LegacyPasswordVerifier#recognises recognises}.
     * Imports use it to refuse hashes no password could ever match.
     */
    public boolean recognisesFormat(String storedHash) {
        Objects.requireNonNull(storedHash, "storedHash");
        if (recognise(storedHash) != null) {
            return true;
        }
        return !looksLikeKnownFormat(storedHash) && (legacy.recognises(storedHash) || recogniseOther(storedHash) != null);
    }

    /**
     * Spends about the time of a real {@link #verify}, for unknown user names, so response time
     * does not reveal which names exist.
     */
    public void verifyDummy(String password) {
        Objects.requireNonNull(password, "password");
        String dummy = dummyHash;
        if (dummy == null) {
            byte[] secret = new byte[SALT_BYTES];
            random.nextBytes(secret);
            dummy = hash(HexFormat.of().formatHex(secret));
            dummyHash = dummy;
        }
        check(current, password, dummy);
    }

    private static boolean check(HashingFunction function, String password, String storedHash) {
        try {
            return function.check(password, storedHash);
        } catch (RuntimeException e) {
            // password4j reports malformed encodings with assorted runtime exceptions; any of them
            // means "this stored hash cannot match".
            return false;
        }
    }

    private boolean isCurrent(HashingFunction function) {
        if (!(function instanceof Argon2Function argon2)) {
            return false;
        }
        return argon2.getVariant() == Argon2.ID
                && argon2.getVersion() == ARGON2_VERSION
                && argon2.getMemory() >= current.getMemory()
                && argon2.getIterations() >= current.getIterations()
                && argon2.getOutputLength() >= current.getOutputLength();
    }

    /** The function that can check {@code storedHash}, or {@code null} if none can (or should). */
    private static HashingFunction recognise(String storedHash) {
        try {
            Matcher argon2 = ARGON2.matcher(storedHash);
            if (argon2.matches()) {
                boolean affordable = Long.parseLong(argon2.group(1)) <= MAX_MEMORY_KIB
                        && Long.parseLong(argon2.group(2)) <= MAX_ITERATIONS
                        && Long.parseLong(argon2.group(3)) <= MAX_PARALLELISM;
                return affordable ? Argon2Function.getInstanceFromHash(storedHash) : null;
            }
            if (BCRYPT.matcher(storedHash).matches()) {
                BcryptFunction f = BcryptFunction.getInstanceFromHash(storedHash);
                return f.getLogarithmicRounds() <= MAX_BCRYPT_COST ? f : null;
            }
            return null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** password4j's scrypt or compressed PBKDF2 function for {@code storedHash}, or {@code null}. */
    private static HashingFunction recogniseOther(String storedHash) {
        try {
            if (PBKDF2.matcher(storedHash).matches()) {
                CompressedPBKDF2Function f = CompressedPBKDF2Function.getInstanceFromHash(storedHash);
                return f.getIterations() <= MAX_PBKDF2_ITERATIONS ? f : null;
            }
            if (SCRYPT.matcher(storedHash).matches()) {
                ScryptFunction f = ScryptFunction.getInstanceFromHash(storedHash);
                boolean affordable = 128L * f.getWorkFactor() * f.getResources() <= MAX_MEMORY_KIB * 1024
                        && f.getParallelization() <= MAX_PARALLELISM;
                return affordable ? f : null;
            }
            return null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Whether the hash claims a password4j format (so the legacy verifier is not asked). */
    private static boolean looksLikeKnownFormat(String storedHash) {
        return storedHash.startsWith("$argon2") || storedHash.startsWith("$2");
    }

    /**
     * The outcome of {@link #verify}.
     *
     * @param matches      whether the password matched
     * @param upgradedHash a fresh hash to store in place of the old one, or {@code null} when the
     *                     stored hash is current (always {@code null} when nothing matched)
     */
    public record Verification(boolean matches, String upgradedHash) {

        @Override
        public String toString() {
            return "Verification[matches=" + matches + ", upgradedHash=" + (upgradedHash == null ? "null" : "***") + "]";
        }
    }
}
