package dev.ragstore.core.internal;

import dev.ragstore.core.apikey.ApiKey;
import dev.ragstore.core.apikey.ApiKeyId;
import dev.ragstore.core.user.UserId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeyTokensTest {

    private final ApiKeyTokens tokens = new ApiKeyTokens(new SecureRandom());

    @Test
    void generatedTokenIsPrefixDotSecretWithTheSecretsSha256() {
        ApiKeyTokens.Generated generated = tokens.generate();
        assertThat(generated.prefix()).matches("rsk_[A-Za-z0-9_-]{12}");
        assertThat(generated.secret()).matches("[A-Za-z0-9_-]{43}");
        assertThat(generated.token()).isEqualTo(generated.prefix() + "." + generated.secret());
        assertThat(generated.secretHash())
                .isEqualTo(ContentHash.sha256Hex(generated.secret().getBytes(StandardCharsets.US_ASCII)))
                .matches("[0-9a-f]{64}");
    }

    @Test
    void prefixesAndSecretsAreUnique() {
        Set<String> prefixes = new HashSet<>();
        Set<String> secrets = new HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            ApiKeyTokens.Generated generated = tokens.generate();
            assertThat(prefixes.add(generated.prefix())).isTrue();
            assertThat(secrets.add(generated.secret())).isTrue();
        }
    }

    @Test
    void verifiesTheTokenOfItsKey() {
        ApiKeyTokens.Generated generated = tokens.generate();
        assertThat(tokens.verify(generated.token(), keyOf(generated))).isTrue();
    }

    @Test
    void rejectsAnotherKeysTokenAndMixedParts() {
        ApiKeyTokens.Generated mine = tokens.generate();
        ApiKeyTokens.Generated other = tokens.generate();
        ApiKey key = keyOf(mine);
        assertThat(tokens.verify(other.token(), key)).isFalse();
        assertThat(tokens.verify(mine.prefix() + "." + other.secret(), key)).isFalse();
        assertThat(tokens.verify(other.prefix() + "." + mine.secret(), key)).isFalse();
    }

    @Test
    void rejectsTokensWithAnyCharacterChanged() {
        ApiKeyTokens.Generated generated = tokens.generate();
        ApiKey key = keyOf(generated);
        String token = generated.token();
        for (int i = 0; i < token.length(); i++) {
            char replacement = token.charAt(i) == 'A' ? 'B' : 'A';
            String tampered = token.substring(0, i) + replacement + token.substring(i + 1);
            assertThat(tokens.verify(tampered, key)).as("changed at %d", i).isFalse();
        }
    }

    private static final String PREFIX = "rsk_abcdefghijkl";
    private static final String SECRET = "a".repeat(43);

    static Stream<String> malformedTokens() {
        return Stream.of(null, "", "rsk_", PREFIX, PREFIX + ".", "." + SECRET, SECRET,
                "rsk_abcdefghijk." + SECRET, "rsk_abcdefghijklm." + SECRET,
                PREFIX + "." + SECRET.substring(1), PREFIX + "." + SECRET + "a", PREFIX + "." + SECRET + ".x",
                "sk_abcdefghijkl." + SECRET, "RSK_abcdefghijkl." + SECRET, PREFIX + "." + SECRET.substring(1) + "=",
                " " + PREFIX + "." + SECRET, PREFIX + "." + SECRET + "\n", PREFIX + "." + SECRET.substring(1) + "+",
                PREFIX + ":" + SECRET, "rsk_abcdefghijél." + SECRET);
    }

    @Test
    void theMalformedTokenCasesDifferFromAWellFormedOneOnlyInShape() {
        assertThat(ApiKeyTokens.prefixOf(PREFIX + "." + SECRET)).contains(PREFIX);
    }

    @ParameterizedTest
    @MethodSource("malformedTokens")
    void malformedTokensNeitherVerifyNorHaveAPrefix(String token) {
        ApiKeyTokens.Generated generated = tokens.generate();
        assertThat(tokens.verify(token, keyOf(generated))).isFalse();
        assertThat(ApiKeyTokens.prefixOf(token)).isEmpty();
    }

    @Test
    void prefixOfReturnsThePrefixOfAWellFormedToken() {
        ApiKeyTokens.Generated generated = tokens.generate();
        assertThat(ApiKeyTokens.prefixOf(generated.token())).contains(generated.prefix());
    }

    @Test
    void generatedToStringMasksTheSecretTokenAndHash() {
        ApiKeyTokens.Generated generated = tokens.generate();
        String text = generated.toString();
        assertThat(text).contains(generated.prefix()).contains("***")
                .doesNotContain(generated.secret()).doesNotContain(generated.secretHash());
    }

    private static ApiKey keyOf(ApiKeyTokens.Generated generated) {
        return new ApiKey(new ApiKeyId(UUID.randomUUID()), new UserId(UUID.randomUUID()), "ci", generated.prefix(),
                generated.secretHash(), 0, null, null, Instant.parse("2026-01-01T00:00:00Z"));
    }
}
