package dev.ragstore.core.user;

/**
 * SPI: verifies passwords stored in a host's legacy format (e.g. salted SHA-256). On a
 * successful login with a legacy hash, RagStore re-hashes the password with its current
 * algorithm and stores the new hash.
 */
@FunctionalInterface
public interface LegacyPasswordVerifier {

    /** Whether {@code password} matches {@code storedHash}; {@code false} for hashes it does not recognise. */
    boolean verify(String password, String storedHash);

    /**
     * Whether {@code storedHash} is in this verifier's format (without checking any password), so
     * that {@code AdminScope.importUser} accepts it. By default none is: a host that imports legacy
     * hashes overrides it (e.g. {@code storedHash.startsWith("sha256$")}).
     *
     * @since 0.2
     */
    default boolean recognises(String storedHash) {
        return false;
    }

    /** A verifier that recognises no hash. */
    static LegacyPasswordVerifier none() {
        return (password, storedHash) -> false;
    }
}
