package dev.ragstore.core;

import dev.ragstore.core.apikey.ApiKey;
import dev.ragstore.core.apikey.IssuedApiKey;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.memory.InMemoryRelationalStore;
import dev.ragstore.core.user.LegacyPasswordVerifier;
import dev.ragstore.core.user.NewUser;
import dev.ragstore.core.user.User;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccountsTest {

    private static final Instant START = Instant.parse("2024-05-01T10:00:00Z");

    @Test
    void apiKeyTokenAuthenticatesUntilItExpires() {
        MutableClock clock = new MutableClock(START);
        try (RagStore store = RagStore.builder().clock(clock).build()) {
            User alice = store.admin().createUser(NewUser.of("alice", "password-alice"));
            IssuedApiKey issued = store.forUser(alice.id()).apiKeys().create("ci", START.plus(Duration.ofHours(1)), 60);

            assertThat(issued.token()).startsWith(issued.key().prefix() + ".");
            assertThat(issued.key().secretHash()).doesNotContain(issued.token().substring(issued.key().prefix().length() + 1));
            assertThat(issued.toString()).doesNotContain(issued.token());

            clock.advance(Duration.ofMinutes(30));
            Optional<ApiKey> authenticated = store.accounts().authenticateApiKey(issued.token());
            assertThat(authenticated).map(ApiKey::id).contains(issued.key().id());
            assertThat(authenticated.get().lastUsedAt()).isEqualTo(clock.instant());
            assertThat(store.forUser(alice.id()).apiKeys().list()).singleElement()
                    .satisfies(k -> assertThat(k.lastUsedAt()).isEqualTo(clock.instant()));

            clock.advance(Duration.ofMinutes(30));
            assertThat(store.accounts().authenticateApiKey(issued.token())).isEmpty();
        }
    }

    @Test
    void apiKeyIsRefusedWhenWrongRevokedOrItsOwnerInactive() {
        try (RagStore store = RagStore.inMemory()) {
            User alice = store.admin().createUser(NewUser.of("alice", "password-alice"));
            UserScope scope = store.forUser(alice.id());
            IssuedApiKey issued = scope.apiKeys().create("ci", null, 0);
            String token = issued.token();
            char last = token.charAt(token.length() - 1);
            String tampered = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');

            assertThat(store.accounts().authenticateApiKey(tampered)).isEmpty();
            assertThat(store.accounts().authenticateApiKey("not-a-token")).isEmpty();

            store.admin().setActive(alice.id(), false);
            assertThat(store.accounts().authenticateApiKey(token)).isEmpty();
            store.admin().setActive(alice.id(), true);
            assertThat(store.accounts().authenticateApiKey(token)).isPresent();

            assertThat(scope.apiKeys().revoke(issued.key().id())).isTrue();
            assertThat(store.accounts().authenticateApiKey(token)).isEmpty();
            assertThat(scope.apiKeys().revoke(issued.key().id())).isFalse();
        }
    }

    @Test
    void rejectsAnApiKeyThatExpiresInThePast() {
        MutableClock clock = new MutableClock(START);
        try (RagStore store = RagStore.builder().clock(clock).build()) {
            User alice = store.admin().createUser(NewUser.of("alice", "password-alice"));

            assertThatThrownBy(() -> store.forUser(alice.id()).apiKeys().create("ci", START, 0))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("api key expiresAt must be after the current time")
                    .hasMessageContaining(START.toString());
            assertThat(store.forUser(alice.id()).apiKeys().list()).isEmpty();
        }
    }

    @Test
    void loginChecksPasswordAndActivityAndRecordsTheLogin() {
        MutableClock clock = new MutableClock(START);
        try (RagStore store = RagStore.builder().clock(clock).build()) {
            User alice = store.admin().createUser(NewUser.of("alice", "password-alice"));
            clock.advance(Duration.ofMinutes(5));

            Optional<User> login = store.accounts().login("alice", "password-alice");

            assertThat(login).map(User::id).contains(alice.id());
            assertThat(login.get().lastLoginAt()).isEqualTo(clock.instant());
            assertThat(store.accounts().login("alice", "wrong-password")).isEmpty();
            assertThat(store.accounts().login("nobody", "password-alice")).isEmpty();
            store.admin().setActive(alice.id(), false);
            assertThat(store.accounts().login("alice", "password-alice")).isEmpty();
        }
    }

    @Test
    void loginWithALegacyHashUpgradesIt() {
        InMemoryRelationalStore relational = InMemoryRelationalStore.create();
        LegacyPasswordVerifier saltedSha256 = (password, stored) ->
                stored.startsWith("sha256$") && stored.equals(legacyHash(stored.split("\\$")[1], password));
        try (RagStore store = RagStore.builder().relationalStore(relational).legacyPasswordVerifier(saltedSha256).build()) {
            User alice = store.admin().createUser(NewUser.of("alice", "irrelevant-1"));
            String legacy = legacyHash("pepper", "old-password");
            relational.users().update(alice.withPasswordHash(legacy));

            Optional<User> login = store.accounts().login("alice", "old-password");

            assertThat(login).isPresent();
            String upgraded = relational.users().findById(alice.id()).orElseThrow().passwordHash();
            assertThat(upgraded).isNotEqualTo(legacy).startsWith("$argon2id$");
            assertThat(store.accounts().login("alice", "old-password")).isPresent();
            assertThat(relational.users().findById(alice.id()).orElseThrow().passwordHash()).isEqualTo(upgraded);
        }
    }

    @Test
    void changePasswordRequiresTheCurrentOne() {
        try (RagStore store = RagStore.inMemory()) {
            User alice = store.admin().createUser(NewUser.of("alice", "password-alice"));
            UserScope scope = store.forUser(alice.id());

            assertThatThrownBy(() -> scope.changePassword("wrong-password", "new-password-1"))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage("current password does not match");
            assertThatThrownBy(() -> scope.changePassword("password-alice", "short"))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("new password must be 8 to 72 characters")
                    .hasMessageNotContaining("short'");
            scope.changePassword("password-alice", "new-password-1");

            assertThat(store.accounts().login("alice", "password-alice")).isEmpty();
            assertThat(store.accounts().login("alice", "new-password-1")).isPresent();
        }
    }

    private static String legacyHash(String salt, String password) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((salt + password).getBytes(StandardCharsets.UTF_8));
            return "sha256$" + salt + "$" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** A clock a test moves by hand. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
