package dev.ragstore.core.internal;

import dev.ragstore.core.error.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretSealerTest {

    private static final byte[] AAD = "model-profile:42".getBytes(StandardCharsets.UTF_8);
    private static final String SECRET = "sk-live-0123456789abcdef";

    private final SecureRandom random = new SecureRandom();
    private final SecretSealer sealer = new SecretSealer(aesKey(32), random);

    @ParameterizedTest
    @ValueSource(strings = {"", "x", SECRET, "ünïcødé 🔐 秘密", "a long secret that spans several AES blocks of sixteen bytes each"})
    void sealedSecretsOpenWithTheSameKeyAndAssociatedData(String secret) {
        byte[] sealed = sealer.seal(secret, AAD);
        assertThat(sealer.open(sealed, AAD)).isEqualTo(secret);
    }

    @Test
    void sealedFormIsVersionNonceCiphertextAndTag() {
        byte[] sealed = sealer.seal(SECRET, AAD);
        assertThat(sealed[0]).isEqualTo((byte) 1);
        assertThat(sealed).hasSize(1 + 12 + SECRET.length() + 16);
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain(SECRET);
    }

    @Test
    void sealingTwiceUsesFreshNonces() {
        byte[] first = sealer.seal(SECRET, AAD);
        byte[] second = sealer.seal(SECRET, AAD);
        assertThat(Arrays.copyOfRange(first, 1, 13)).isNotEqualTo(Arrays.copyOfRange(second, 1, 13));
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void emptyAssociatedDataWorksButMustMatch() {
        byte[] sealed = sealer.seal(SECRET, new byte[0]);
        assertThat(sealer.open(sealed, new byte[0])).isEqualTo(SECRET);
        assertCannotOpen(() -> sealer.open(sealed, AAD));
    }

    @Test
    void wrongAssociatedDataCannotOpen() {
        byte[] sealed = sealer.seal(SECRET, AAD);
        assertCannotOpen(() -> sealer.open(sealed, "model-profile:43".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void wrongKeyCannotOpen() {
        byte[] sealed = sealer.seal(SECRET, AAD);
        SecretSealer other = new SecretSealer(aesKey(32), random);
        assertCannotOpen(() -> other.open(sealed, AAD));
    }

    @Test
    void flippingAnyBitAfterTheVersionCannotOpen() {
        byte[] sealed = sealer.seal(SECRET, AAD);
        for (int i = 1; i < sealed.length; i++) {
            byte[] tampered = sealed.clone();
            tampered[i] ^= 0x01;
            assertCannotOpen(() -> sealer.open(tampered, AAD));
        }
    }

    @Test
    void unknownVersionOrTruncatedDataCannotOpen() {
        byte[] sealed = sealer.seal(SECRET, AAD);
        byte[] versionTwo = sealed.clone();
        versionTwo[0] = 2;
        assertThatThrownBy(() -> sealer.open(versionTwo, AAD)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("sealed secret could not be opened").hasMessageContaining("version 1");
        for (int length : new int[] {0, 1, 13, 28, sealed.length - 1}) {
            byte[] truncated = Arrays.copyOf(sealed, length);
            assertThatThrownBy(() -> sealer.open(truncated, AAD)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("sealed secret could not be opened");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {16, 24, 32})
    void acceptsAes128192And256Keys(int bytes) {
        assertThatCode(() -> SecretSealer.checkKey(aesKey(bytes))).doesNotThrowAnyException();
        SecretSealer sized = new SecretSealer(aesKey(bytes), random);
        assertThat(sized.open(sized.seal(SECRET, AAD), AAD)).isEqualTo(SECRET);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 8, 15, 17, 23, 31, 33, 64})
    void rejectsKeysOfOtherSizes(int bytes) {
        assertThatThrownBy(() -> SecretSealer.checkKey(aesKey(bytes)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("sealing key size must be 16, 24 or 32 bytes")
                .hasMessageContaining("but was " + bytes);
        assertThatThrownBy(() -> new SecretSealer(aesKey(bytes), random)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void rejectsNonAesKeysWithoutEchoingTheirBytes() {
        SecretKey hmac = new SecretKeySpec("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII), "HmacSHA256");
        assertThatThrownBy(() -> SecretSealer.checkKey(hmac))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("sealing key algorithm must be AES")
                .hasMessageContaining("HmacSHA256")
                .hasMessageNotContaining("0123456789abcdef");
    }

    private static void assertCannotOpen(org.assertj.core.api.ThrowableAssert.ThrowingCallable open) {
        assertThatThrownBy(open)
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("sealed secret");
                    assertThat(e.getMessage()).contains("could not be opened", "wrong key", "associated data", "tampered")
                            .doesNotContain(SECRET);
                });
    }

    private static SecretKey aesKey(int bytes) {
        byte[] key = new byte[bytes];
        new SecureRandom().nextBytes(key);
        return new SecretKeySpec(key, "AES");
    }
}
