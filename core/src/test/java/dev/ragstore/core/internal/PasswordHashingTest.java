package dev.ragstore.core.internal;

import com.password4j.Argon2Function;
import com.password4j.BcryptFunction;
import com.password4j.CompressedPBKDF2Function;
import com.password4j.ScryptFunction;
import com.password4j.types.Argon2;
import com.password4j.types.Bcrypt;
import com.password4j.types.Hmac;
import dev.ragstore.core.user.LegacyPasswordVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordHashingTest {

    /** Cheap Argon2id parameters so the tests stay fast; the production ones are checked once. */
    private static final int MEMORY = 256;

    /** LAYRA-style legacy format: {@code sha256$<salt>$<hex sha256(salt + password)>}. */
    private static final LegacyPasswordVerifier SALTED_SHA256 = (password, stored) -> {
        String[] parts = stored.split("\\$");
        return parts.length == 3 && parts[0].equals("sha256") && parts[2].equals(saltedSha256(parts[1], password));
    };

    private final PasswordHashing hashing = new PasswordHashing(SALTED_SHA256, MEMORY, 1, 1);

    @Test
    void productionHashIsArgon2idAtTheOwaspBaseline() {
        PasswordHashing production = new PasswordHashing(LegacyPasswordVerifier.none());
        String hash = production.hash("correct horse battery staple");
        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(production.verify("correct horse battery staple", hash)).isEqualTo(new PasswordHashing.Verification(true, null));
    }

    @Test
    void hashVerifiesAndNeedsNoUpgrade() {
        String hash = hashing.hash("s3cret");
        assertThat(hash).startsWith("$argon2id$v=19$m=" + MEMORY + ",t=1,p=1$");
        PasswordHashing.Verification verification = hashing.verify("s3cret", hash);
        assertThat(verification.matches()).isTrue();
        assertThat(verification.upgradedHash()).isNull();
    }

    @Test
    void hashesOfTheSamePasswordDifferBySalt() {
        assertThat(hashing.hash("same")).isNotEqualTo(hashing.hash("same"));
    }

    @Test
    void rejectsWrongPassword() {
        String hash = hashing.hash("s3cret");
        assertThat(hashing.verify("s3cret ", hash)).isEqualTo(new PasswordHashing.Verification(false, null));
        assertThat(hashing.verify("", hash).matches()).isFalse();
    }

    @Test
    void doesNotTruncateLongPasswordsLikeBcrypt() {
        String base = "x".repeat(100);
        String hash = hashing.hash(base + "A");
        assertThat(hashing.verify(base + "B", hash).matches()).isFalse();
        assertThat(hashing.verify(base + "A", hash).matches()).isTrue();
    }

    @Test
    void handlesUnicodePasswords() {
        String hash = hashing.hash("pässwörd 🔑 密码");
        assertThat(hashing.verify("pässwörd 🔑 密码", hash).matches()).isTrue();
        assertThat(hashing.verify("passwort 🔑 密码", hash).matches()).isFalse();
    }

    @Test
    void upgradesLegacyHashAcceptedByTheLegacyVerifier() {
        String legacy = "sha256$NaCl$" + saltedSha256("NaCl", "hunter2");
        PasswordHashing.Verification verification = hashing.verify("hunter2", legacy);
        assertThat(verification.matches()).isTrue();
        assertThat(verification.upgradedHash()).startsWith("$argon2id$");
        assertThat(hashing.verify("hunter2", verification.upgradedHash())).isEqualTo(new PasswordHashing.Verification(true, null));
    }

    @Test
    void legacyHashWithWrongPasswordDoesNotMatch() {
        String legacy = "sha256$NaCl$" + saltedSha256("NaCl", "hunter2");
        assertThat(hashing.verify("hunter3", legacy)).isEqualTo(new PasswordHashing.Verification(false, null));
    }

    @Test
    void legacyVerifierIsNotAskedAboutArgon2OrBcryptHashes() {
        List<String> asked = new ArrayList<>();
        PasswordHashing recording = new PasswordHashing((password, stored) -> asked.add(stored), MEMORY, 1, 1);
        recording.verify("pw", hashing.hash("other"));
        recording.verify("pw", BcryptFunction.getInstance(Bcrypt.B, 4).hash("other").getResult());
        recording.verify("pw", "$argon2id$not-really");
        assertThat(asked).isEmpty();
        recording.verify("pw", "sha256$salt$abc");
        assertThat(asked).containsExactly("sha256$salt$abc");
    }

    @ParameterizedTest
    @ValueSource(strings = {"A", "B", "Y"})
    void upgradesBcryptHashesOfEveryMinorVersion(String minor) {
        String bcrypt = BcryptFunction.getInstance(Bcrypt.valueOf(minor), 4).hash("layra-user").getResult();
        assertThat(bcrypt).startsWith("$2" + minor.toLowerCase() + "$04$");
        PasswordHashing.Verification verification = hashing.verify("layra-user", bcrypt);
        assertThat(verification.matches()).isTrue();
        assertThat(verification.upgradedHash()).startsWith("$argon2id$");
        assertThat(hashing.verify("wrong", bcrypt).matches()).isFalse();
    }

    @Test
    void verifiesKnownHashesFromOtherImplementationsAndUpgradesThem() {
        // The Argon2 reference implementation's README example and an OpenWall crypt_blowfish test vector.
        String reference = "$argon2i$v=19$m=65536,t=2,p=4$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG";
        String openwall = "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW";
        assertThat(hashing.verify("password", reference).upgradedHash()).startsWith("$argon2id$");
        assertThat(hashing.verify("passwore", reference).matches()).isFalse();
        assertThat(hashing.verify("U*U", openwall).upgradedHash()).startsWith("$argon2id$");
        assertThat(hashing.verify("U*V", openwall).matches()).isFalse();
    }

    @Test
    void upgradesArgon2HashesWithWeakerParametersOrAnotherVariant() {
        String weaker = new PasswordHashing(SALTED_SHA256, MEMORY / 2, 1, 1).hash("pw");
        assertThat(hashing.verify("pw", weaker).upgradedHash()).startsWith("$argon2id$v=19$m=" + MEMORY + ",");

        String fewerIterations = new PasswordHashing(SALTED_SHA256, MEMORY, 1, 1).hash("pw");
        PasswordHashing twoIterations = new PasswordHashing(SALTED_SHA256, MEMORY, 2, 1);
        assertThat(twoIterations.verify("pw", fewerIterations).upgradedHash()).contains(",t=2,");

        String argon2i = Argon2Function.getInstance(MEMORY, 1, 1, 32, Argon2.I).hash("pw").getResult();
        PasswordHashing.Verification verification = hashing.verify("pw", argon2i);
        assertThat(verification.matches()).isTrue();
        assertThat(verification.upgradedHash()).startsWith("$argon2id$");
    }

    @Test
    void doesNotDowngradeStrongerArgon2idHashes() {
        String stronger = new PasswordHashing(SALTED_SHA256, MEMORY * 2, 2, 1).hash("pw");
        assertThat(hashing.verify("pw", stronger)).isEqualTo(new PasswordHashing.Verification(true, null));
    }

    @Test
    void upgradesPassword4jScryptAndCompressedPbkdf2Hashes() {
        String scrypt = ScryptFunction.getInstance(16, 8, 1).hash("pw").getResult();
        String pbkdf2 = CompressedPBKDF2Function.getInstance(Hmac.SHA256, 1000, 256).hash("pw").getResult();
        for (String stored : List.of(scrypt, pbkdf2)) {
            PasswordHashing.Verification verification = hashing.verify("pw", stored);
            assertThat(verification.matches()).as(stored).isTrue();
            assertThat(verification.upgradedHash()).as(stored).startsWith("$argon2id$");
            assertThat(hashing.verify("wrong", stored).matches()).as(stored).isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "garbage",
        "$",
        "$$$$",
        "$argon2id$",
        "$argon2id$v=19$m=256,t=1,p=1$",
        "$argon2id$v=19$m=256,t=1,p=1$!!!$???",
        "$argon2id$v=19$m=x,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2g",
        "$argon2id$v=19$m=4194304,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
        "$argon2id$v=19$m=256,t=100000,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
        "$argon2id$v=19$m=65537,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
        "$argon2id$v=19$m=256,t=1,p=200$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
        "$argon2id$v=19$m=4,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
        "$argon2x$v=19$m=256,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
        "$2b$12$short",
        "$2b$31$abcdefghijklmnopqrstuuabcdefghijklmnopqrstuvwxyz01234",
        "$2b$04$#bcdefghijklmnopqrstuuabcdefghijklmnopqrstuvwxyz01234",
        "$2z$04$abcdefghijklmnopqrstuuabcdefghijklmnopqrstuvwxyz01234",
        "$3$notanumber$c2FsdA==$aGFzaA==",
        "$3$99999999999999999999$c2FsdA==$aGFzaA==",
        "$a0801$$",
        "$fffff$c2FsdA==$aGFzaA==",
        "$1a0801$c2FsdA==$aGFzaA==",
        "$a08ff$c2FsdA==$aGFzaA==",
        "$6$saltsalt$crypt3Sha512LooksLikeThis",
        "sha256$NaCl$",
        "\u0000\uFFFF\uD800",
    })
    void malformedOrUnaffordableStoredHashesDoNotMatchAndDoNotThrow(String stored) {
        assertThat(hashing.verify("pw", stored)).isEqualTo(new PasswordHashing.Verification(false, null));
    }

    @Test
    void dummyVerificationRunsForAnyPassword() {
        hashing.verifyDummy("");
        hashing.verifyDummy("any password at all 🔑");
        assertThat(hashing.verify("any password at all 🔑", hashing.hash("x")).matches()).isFalse();
    }

    @Test
    void verificationToStringMasksTheUpgradedHash() {
        PasswordHashing.Verification verification = new PasswordHashing.Verification(true, "$argon2id$v=19$secret-ish");
        assertThat(verification.toString()).doesNotContain("argon2").contains("matches=true", "upgradedHash=***");
        assertThat(new PasswordHashing.Verification(false, null).toString()).contains("upgradedHash=null");
    }

    private static String saltedSha256(String salt, String password) {
        return ContentHash.sha256Hex((salt + password).getBytes(StandardCharsets.UTF_8));
    }
}
