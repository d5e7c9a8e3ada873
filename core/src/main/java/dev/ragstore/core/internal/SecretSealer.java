package dev.ragstore.core.internal;

import dev.ragstore.core.error.InvalidInputException;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Encrypts small secrets (e.g. model endpoint API keys) for storage with AES-GCM under a
 * host-supplied key. Sealed form: one version byte ({@code 1}), a random 96-bit nonce, then
 * the ciphertext with its 128-bit tag. The associated data (e.g. the owning record's id) is
 * authenticated but not stored, so a sealed value copied to another record does not open.
 * Never logs, and never puts a secret or sealed bytes into an exception. Thread-safe.
 */
public final class SecretSealer {

    private static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int MIN_SEALED = 1 + NONCE_BYTES + TAG_BITS / 8;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private final SecretKey key;
    private final SecureRandom random;

    /**
     * A sealer using {@code key} and drawing nonces from {@code random}.
     *
     * @throws InvalidInputException if the key is not a 128, 192 or 256-bit AES key
     */
    public SecretSealer(SecretKey key, SecureRandom random) {
        checkKey(key);
        this.key = key;
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Checks that {@code key} is an AES key of 16, 24 or 32 bytes whose bytes are available.
     *
     * @throws InvalidInputException naming the algorithm or size otherwise (never the key bytes)
     */
    public static void checkKey(SecretKey key) {
        Objects.requireNonNull(key, "sealing key");
        if (!"AES".equalsIgnoreCase(key.getAlgorithm())) {
            throw InvalidInputException.of("sealing key algorithm", "must be AES", key.getAlgorithm());
        }
        byte[] encoded = key.getEncoded();
        if (encoded == null) {
            throw InvalidInputException.withoutValue("sealing key", "must expose its encoded bytes (a RAW AES key)");
        }
        int length = encoded.length;
        Arrays.fill(encoded, (byte) 0);
        if (length != 16 && length != 24 && length != 32) {
            throw InvalidInputException.of("sealing key size", "must be 16, 24 or 32 bytes (AES-128/192/256)", length);
        }
    }

    /**
     * Encrypts {@code secret}, binding it to {@code associatedData}.
     *
     * @param secret         must not be {@code null}; may be empty
     * @param associatedData must not be {@code null}; may be empty; must be given again to open
     * @return a new array: version, nonce, ciphertext and tag
     */
    public byte[] seal(String secret, byte[] associatedData) {
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(associatedData, "associatedData");
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] plain = secret.getBytes(StandardCharsets.UTF_8);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData);
            byte[] sealed = new byte[1 + NONCE_BYTES + cipher.getOutputSize(plain.length)];
            sealed[0] = VERSION;
            System.arraycopy(nonce, 0, sealed, 1, NONCE_BYTES);
            cipher.doFinal(plain, 0, plain.length, sealed, 1 + NONCE_BYTES);
            return sealed;
        } catch (GeneralSecurityException e) {
            // The key was checked and AES-GCM is required on every Java platform.
            throw new IllegalStateException("AES-GCM sealing failed: " + e.getClass().getSimpleName(), e);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /**
     * Decrypts what {@link #seal} produced with the same key and associated data.
     *
     * @throws InvalidInputException with field {@code "sealed secret"} if the bytes are
     *         malformed, were tampered with, or the key or associated data differ
     */
    public String open(byte[] sealed, byte[] associatedData) {
        Objects.requireNonNull(sealed, "sealed");
        Objects.requireNonNull(associatedData, "associatedData");
        if (sealed.length < MIN_SEALED || sealed[0] != VERSION) {
            throw InvalidInputException.withoutValue("sealed secret",
                    "could not be opened: not in sealed format version " + VERSION);
        }
        byte[] plain = null;
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 1, NONCE_BYTES));
            cipher.updateAAD(associatedData);
            plain = cipher.doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES);
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(plain))
                    .toString();
        } catch (AEADBadTagException | CharacterCodingException e) {
            throw InvalidInputException.withoutValue("sealed secret",
                    "could not be opened: wrong key, wrong associated data, or the data was tampered with");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM opening failed: " + e.getClass().getSimpleName(), e);
        } finally {
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
        }
    }
}
