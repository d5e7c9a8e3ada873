package dev.ragstore.core;

import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.internal.ContentHash;
import dev.ragstore.core.user.ImportedUser;
import dev.ragstore.core.user.LegacyPasswordVerifier;
import dev.ragstore.core.user.User;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Importing LAYRA's legacy salted SHA-256 hashes through the admin view (issue 13 #5). */
class LegacyHashImportTest {

    private static final String PASSWORD = "hunter2-long-enough";

    /** LAYRA-style legacy format: {@code sha256$<salt>$<hex sha256(salt + password)>}, recognised by its prefix. */
    private static final LegacyPasswordVerifier SALTED_SHA256 = new LegacyPasswordVerifier() {
        @Override
        public boolean verify(String password, String storedHash) {
            String[] parts = storedHash.split("\\$");
            return parts.length == 3 && parts[0].equals("sha256") && parts[2].equals(saltedSha256(parts[1], password));
        }

        @Override
        public boolean recognises(String storedHash) {
            return storedHash.startsWith("sha256$");
        }
    };

    private static String saltedSha256(String salt, String password) {
        return ContentHash.sha256Hex((salt + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void importedLegacyHashLogsInAndIsReplacedByArgon2id() {
        String legacy = "sha256$NaCl$" + saltedSha256("NaCl", PASSWORD);
        try (RagStore store = RagStore.builder().legacyPasswordVerifier(SALTED_SHA256).build()) {
            User imported = store.admin().importUser(ImportedUser.builder("layra-user").passwordHash(legacy).build());
            assertThat(imported.passwordHash()).isEqualTo(legacy);
            assertThat(store.accounts().login("layra-user", "wrong password")).isEmpty();

            User loggedIn = store.accounts().login("layra-user", PASSWORD).orElseThrow();

            assertThat(loggedIn.passwordHash()).startsWith("$argon2id$");
            assertThat(store.accounts().login("layra-user", PASSWORD)).isPresent();
        }
    }

    @Test
    void legacyHashIsRefusedWhenTheVerifierDoesNotRecogniseIt() {
        String legacy = "sha256$NaCl$" + saltedSha256("NaCl", PASSWORD);
        LegacyPasswordVerifier verifiesButDoesNotRecognise = SALTED_SHA256::verify;
        try (RagStore store = RagStore.builder().legacyPasswordVerifier(verifiesButDoesNotRecognise).build()) {
            assertThatThrownBy(() -> store.admin().importUser(ImportedUser.builder("layra-user").passwordHash(legacy).build()))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("LegacyPasswordVerifier recognises")
                    .hasMessageNotContaining(legacy);
            assertThat(store.admin().findUserByUsername("layra-user")).isEmpty();
        }
    }

    @Test
    void aRecognisedClaimOfAKnownFormatIsStillCheckedByPassword4j() {
        // The verifier is never asked about $2/$argon2 strings: a malformed bcrypt hash stays refused.
        LegacyPasswordVerifier greedy = new LegacyPasswordVerifier() {
            @Override
            public boolean verify(String password, String storedHash) {
                return true;
            }

            @Override
            public boolean recognises(String storedHash) {
                return true;
            }
        };
        try (RagStore store = RagStore.builder().legacyPasswordVerifier(greedy).build()) {
            assertThatThrownBy(() -> store.admin().importUser(ImportedUser.builder("x-user").passwordHash("$2b$10$short").build()))
                    .isInstanceOf(InvalidInputException.class);
        }
    }
}
