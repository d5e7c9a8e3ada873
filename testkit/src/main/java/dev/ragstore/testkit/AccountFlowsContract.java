package dev.ragstore.testkit;

import dev.ragstore.core.AdminScope;
import dev.ragstore.core.UserScope;
import dev.ragstore.core.apikey.ApiKey;
import dev.ragstore.core.apikey.IssuedApiKey;
import dev.ragstore.core.error.ConflictException;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.error.RateLimitExceededException;
import dev.ragstore.core.plan.PlanId;
import dev.ragstore.core.user.ImportedUser;
import dev.ragstore.core.user.NewUser;
import dev.ragstore.core.user.Role;
import dev.ragstore.core.user.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Contract of the account flows the seed systems need beyond {@link AccountContract} (issue 13
 * #5): look-up and login by email; accounts without a password (SSO), which never log in with
 * one; the email-verified and two-factor flags, persisted and written alone; importing accounts
 * with their existing Argon2 or bcrypt hashes, which log in with the old password and are
 * upgraded to a current Argon2id hash on login, and the refusal of hashes no password could match
 * (never echoed, nothing stored); and an API key's stored rate limit, applied on authentication
 * through the store's rate limiter with a {@link RateLimitExceededException}.
 *
 * <p>Subclass it and implement {@link #newStore(StoreOptions)} (see {@link StoreContractSupport}).
 */
public abstract class AccountFlowsContract extends StoreContractSupport {

    /** bcrypt ($2b$, cost 6) of {@link #PASSWORD}, as another system (LAYRA) stored it. */
    protected static final String BCRYPT_OF_PASSWORD = "$2b$06$l.3HkWxVrkH49ty.vElciO2r77f5fAsxZpakedE0N/AvX2aTXgdbG";
    /** Argon2id of {@link #PASSWORD} at RagStore's own parameters (19 MiB, 2 iterations): current, kept on login. */
    protected static final String ARGON2ID_OF_PASSWORD = "$argon2id$v=19$m=19456,t=2,p=1$XEAqkzrtk+O6PviUvVseC2McZyOjYGXT+W80qND3wWY3MqXT7n09bfjGUyTqUndcD1z0XLShIoWTa63bb+EhOA$Wr25c+1WxgxUN8+j3zoZunVilYDL3WN/0RbY0dca9sk";
    /** Argon2i (another variant, 1 MiB) of {@link #PASSWORD}: outdated, upgraded on login. */
    protected static final String ARGON2I_OF_PASSWORD = "$argon2i$v=19$m=1024,t=1,p=1$B5wky71vEAry00Fuo5bT+qkhdQDsZZ9uS/aNVyf7JKUA7br7M2GrdXVQYUpI5zKRIfb2CSe2XfZlL0Goe9LK7w$YdBUW2IOMbQD2+AztoMsqWMwhMK6cukHfDkOwyXtYYw";

    private AdminScope admin() {
        return store().admin();
    }

    private User createWithEmail(String name) {
        return admin().createUser(new NewUser(name, name + "@example.test", PASSWORD, name, Role.USER, null));
    }

    // ---- email ----

    @Test
    void userIsFoundAndLogsInByEmail() {
        String name = unique("mail");
        User created = createWithEmail(name);

        assertThat(admin().findUserByEmail(name + "@example.test")).contains(created);
        User loggedIn = store().accounts().loginByEmail(name + "@example.test", PASSWORD).orElseThrow();

        assertThat(loggedIn.id()).isEqualTo(created.id());
        assertThat(loggedIn.lastLoginAt()).isNotNull();
    }

    @Test
    void loginByEmailFailsAsEmptyForAWrongPasswordAnUnknownAddressOrAnInactiveUser() {
        String name = unique("mail");
        User created = createWithEmail(name);

        assertThat(store().accounts().loginByEmail(name + "@example.test", "wrong password")).isEmpty();
        assertThat(store().accounts().loginByEmail(unique("nobody") + "@example.test", PASSWORD)).isEmpty();
        assertThat(store().accounts().loginByEmail((name + "@example.test").toUpperCase(), PASSWORD))
                .as("addresses match exactly, as stored").isEmpty();
        admin().setActive(created.id(), false);
        assertThat(store().accounts().loginByEmail(name + "@example.test", PASSWORD)).isEmpty();
        assertThat(admin().findUserByEmail(unique("nobody") + "@example.test")).isEmpty();
    }

    @Test
    void emailLookupsWithNulOrUnpairedSurrogatesFindNothing() {
        String name = unique("mail");
        createWithEmail(name);

        assertThat(admin().findUserByEmail(name + "\u0000@example.test")).isEmpty();
        assertThat(admin().findUserByEmail(name + "\uD800@example.test")).isEmpty();
        assertThat(store().accounts().loginByEmail(name + "\u0000@example.test", PASSWORD)).isEmpty();
    }

    // ---- accounts without a password ----

    @Test
    void userWithoutPasswordIsCreatedAndNeverLogsInWithAPassword() {
        String name = unique("sso");
        User created = admin().createUser(NewUser.withoutPassword(name, name + "@example.test"));

        assertThat(created.hasPassword()).isFalse();
        assertThat(created.passwordHash()).isNull();
        assertThat(created.toString()).contains("passwordHash=none");
        assertThat(admin().findUser(created.id()).orElseThrow().hasPassword()).isFalse();
        assertThat(store().accounts().login(name, PASSWORD)).isEmpty();
        assertThat(store().accounts().login(name, "")).isEmpty();
        assertThat(store().accounts().loginByEmail(name + "@example.test", PASSWORD)).isEmpty();
        assertThat(admin().findUser(created.id()).orElseThrow().lastLoginAt()).isNull();
    }

    @Test
    void userWithoutPasswordCannotChangeOneWithAClearError() {
        User created = admin().createUser(NewUser.withoutPassword(unique("sso"), null));
        UserScope scope = store().forUser(created.id());

        assertInvalidInput(() -> scope.changePassword(PASSWORD, "a new password"), "current password", "no password",
                "identity provider");
        assertThat(admin().findUser(created.id()).orElseThrow().hasPassword()).isFalse();
    }

    @Test
    void userWithoutPasswordStillWorksInItsScopeAndHoldsSessions() {
        User created = admin().createUser(NewUser.withoutPassword(unique("sso"), null));
        UserScope scope = store().forUser(created.id());

        assertThat(scope.profile().id()).isEqualTo(created.id());
        assertThat(store().ephemeral().sessionTokens().issue(created.id(), Duration.ofHours(1)).userId())
                .isEqualTo(created.id());
    }

    // ---- flags ----

    @Test
    void emailVerifiedAndTwoFactorFlagsArePersistedAndWrittenAlone() {
        User created = createWithEmail(unique("flags"));
        assertThat(created.emailVerified()).isFalse();
        assertThat(created.twoFactorEnabled()).isFalse();
        assertThat(admin().findUser(created.id())).as("read once, so a cache holds it").contains(created);
        clock.advance(Duration.ofSeconds(1));

        User verified = admin().setEmailVerified(created.id(), true);
        User twoFactor = admin().setTwoFactorEnabled(created.id(), true);

        assertThat(verified.emailVerified()).isTrue();
        assertThat(verified.updatedAt()).isAfter(created.updatedAt());
        assertThat(twoFactor.emailVerified()).as("the other flag is kept").isTrue();
        assertThat(twoFactor.twoFactorEnabled()).isTrue();
        User stored = admin().findUser(created.id()).orElseThrow();
        assertThat(stored.emailVerified()).isTrue();
        assertThat(stored.twoFactorEnabled()).isTrue();
        assertThat(stored.withEmailVerified(false).withTwoFactorEnabled(false).withUpdatedAt(created.updatedAt()))
                .as("nothing else changed").isEqualTo(created);
        assertThat(store().forUser(created.id()).profile().twoFactorEnabled()).isTrue();
    }

    @Test
    void userTurnsTwoFactorOnAndOffInItsScopeAndALoginKeepsIt() {
        User created = createWithEmail(unique("flags"));
        UserScope scope = store().forUser(created.id());

        assertThat(scope.setTwoFactorEnabled(true).twoFactorEnabled()).isTrue();
        User loggedIn = store().accounts().login(created.username(), PASSWORD).orElseThrow();
        assertThat(loggedIn.twoFactorEnabled()).isTrue();
        assertThat(admin().setRole(created.id(), Role.ADMIN).twoFactorEnabled()).as("other setters keep it").isTrue();
        assertThat(scope.profile().twoFactorEnabled()).isTrue();
        assertThat(scope.setTwoFactorEnabled(false).twoFactorEnabled()).isFalse();
        assertThat(scope.profile().twoFactorEnabled()).isFalse();
    }

    @Test
    void changingTheEmailClearsVerifiedButKeepsTwoFactor() {
        User created = createWithEmail(unique("flags"));
        admin().setEmailVerified(created.id(), true);
        admin().setTwoFactorEnabled(created.id(), true);

        User changed = store().forUser(created.id()).updateProfile("New", unique("moved") + "@example.test", Map.of());

        assertThat(changed.emailVerified()).isFalse();
        assertThat(changed.twoFactorEnabled()).isTrue();
    }

    @Test
    void flagsOfAnUnknownUserAreNotFound() {
        dev.ragstore.core.user.UserId unknown = new dev.ragstore.core.user.UserId(UUID.randomUUID());

        assertThatThrownBy(() -> admin().setEmailVerified(unknown, true)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> admin().setTwoFactorEnabled(unknown, true)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> store().forUser(unknown).setTwoFactorEnabled(true)).isInstanceOf(NotFoundException.class);
    }

    // ---- imports ----

    @Test
    void importedBcryptUserLogsInWithItsOldPasswordAndIsUpgradedToArgon2id() {
        String name = unique("layra");
        User imported = admin().importUser(ImportedUser.builder(name).email(name + "@example.test")
                .passwordHash(BCRYPT_OF_PASSWORD).emailVerified(true).twoFactorEnabled(true).displayName("Imported").build());

        assertThat(imported.passwordHash()).isEqualTo(BCRYPT_OF_PASSWORD);
        assertThat(imported.emailVerified()).isTrue();
        assertThat(imported.twoFactorEnabled()).isTrue();
        assertThat(imported.displayName()).isEqualTo("Imported");
        assertThat(imported.active()).isTrue();
        assertThat(store().accounts().login(name, "wrong password")).isEmpty();

        User loggedIn = store().accounts().login(name, PASSWORD).orElseThrow();

        assertThat(loggedIn.passwordHash()).startsWith("$argon2id$").isNotEqualTo(BCRYPT_OF_PASSWORD);
        assertThat(admin().findUser(imported.id()).orElseThrow().passwordHash()).isEqualTo(loggedIn.passwordHash());
        assertThat(store().accounts().loginByEmail(name + "@example.test", PASSWORD)).isPresent();
        assertThat(loggedIn.twoFactorEnabled()).isTrue();
    }

    @Test
    void importedArgon2HashIsKeptWhenCurrentAndUpgradedWhenOutdated() {
        String current = unique("argon");
        String outdated = unique("argon");
        admin().importUser(ImportedUser.builder(current).passwordHash(ARGON2ID_OF_PASSWORD).build());
        admin().importUser(ImportedUser.builder(outdated).passwordHash(ARGON2I_OF_PASSWORD).build());

        assertThat(store().accounts().login(current, PASSWORD).orElseThrow().passwordHash()).isEqualTo(ARGON2ID_OF_PASSWORD);
        assertThat(store().accounts().login(outdated, PASSWORD).orElseThrow().passwordHash())
                .startsWith("$argon2id$").isNotEqualTo(ARGON2I_OF_PASSWORD);
    }

    @Test
    void importedUserKeepsRolePlanAndInactivity() {
        PlanId plan = admin().createPlan(dev.ragstore.core.plan.NewPlan.builder().name(unique("plan")).dailyTokenLimit(10)
                .documentLimit(1).sessionLimit(1).monthlyPrice(java.math.BigDecimal.ONE).build()).id();
        String name = unique("imported");

        User imported = admin().importUser(ImportedUser.builder(name).passwordHash(BCRYPT_OF_PASSWORD).role(Role.ADMIN)
                .planId(plan).active(false).build());

        assertThat(imported.role()).isEqualTo(Role.ADMIN);
        assertThat(imported.planId()).isEqualTo(plan);
        assertThat(imported.active()).isFalse();
        assertThat(store().accounts().login(name, PASSWORD)).as("inactive").isEmpty();
    }

    @Test
    void importWithoutHashGivesAnAccountWithoutPassword() {
        String name = unique("sso");

        User imported = admin().importUser(ImportedUser.builder(name).build());

        assertThat(imported.hasPassword()).isFalse();
        assertThat(store().accounts().login(name, PASSWORD)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-a-hash", "$2b$06$tooShort", "$2b$31$l.3HkWxVrkH49ty.vElciO2r77f5fAsxZpakedE0N/AvX2aTXgdbG",
            "$argon2id$v=19$m=999999999,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g", "$argon2id$v=19$m=19456,t=2,p=1$$",
            "sha256$NaCl$abcdef"})
    void importRefusesHashesNoPasswordCouldMatchWithoutEchoingThem(String hash) {
        String name = unique("bad");

        assertThatThrownBy(() -> admin().importUser(ImportedUser.builder(name).passwordHash(hash).build()))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> {
                    assertThat(((InvalidInputException) e).field()).isEqualTo("password hash");
                    assertThat(e.getMessage()).contains("must be in a format RagStore verifies").doesNotContain(hash);
                });
        assertThat(admin().findUserByUsername(name)).as("nothing stored").isEmpty();
    }

    @Test
    void importRefusesBlankOversizedOrNonAsciiHashesBeforeTouchingTheStore() {
        String name = unique("bad");

        assertInvalidInput(() -> ImportedUser.builder(name).passwordHash("").build(), "password hash", "1 to 1024");
        assertInvalidInput(() -> ImportedUser.builder(name).passwordHash("$2b$" + "a".repeat(1_100)).build(),
                "password hash", "but has 1104");
        assertInvalidInput(() -> ImportedUser.builder(name).passwordHash(BCRYPT_OF_PASSWORD + "\u0000").build(),
                "password hash", "U+0000");
        assertInvalidInput(() -> ImportedUser.builder(name).passwordHash("$2b$06$ abc").build(), "password hash", "U+0020");
        assertInvalidInput(() -> ImportedUser.builder(name + "\u0000").passwordHash(BCRYPT_OF_PASSWORD).build(), "username");
        assertInvalidInput(() -> ImportedUser.builder(name).email("no-at-sign").build(), "email", "@");
        assertThat(ImportedUser.builder(name).passwordHash(BCRYPT_OF_PASSWORD).build().toString())
                .doesNotContain(BCRYPT_OF_PASSWORD).contains("passwordHash=***");
        assertThat(admin().findUserByUsername(name)).isEmpty();
    }

    @Test
    void importOfATakenNameOrAnUnknownPlanFailsAndStoresNothing() {
        User existing = createWithEmail(unique("taken"));
        String fresh = unique("fresh");

        assertThatThrownBy(() -> admin().importUser(ImportedUser.builder(existing.username()).passwordHash(BCRYPT_OF_PASSWORD)
                .build())).isInstanceOf(ConflictException.class).hasMessageContaining("username");
        assertThatThrownBy(() -> admin().importUser(ImportedUser.builder(fresh).email(existing.email()).build()))
                .isInstanceOf(ConflictException.class).hasMessageContaining("email");
        assertThatThrownBy(() -> admin().importUser(ImportedUser.builder(fresh).planId(new PlanId(UUID.randomUUID())).build()))
                .isInstanceOf(NotFoundException.class);
        assertThat(admin().findUserByUsername(fresh)).isEmpty();
        assertThat(store().accounts().login(existing.username(), PASSWORD)).as("the existing account is untouched").isPresent();
    }

    // ---- API-key rate limits ----

    @Test
    void apiKeyRateLimitIsAppliedOnAuthentication() {
        UserScope scope = newScope();
        IssuedApiKey limited = scope.apiKeys().create("limited", null, 3);
        IssuedApiKey other = scope.apiKeys().create("other", null, 3);

        for (int i = 0; i < 3; i++) {
            assertThat(store().accounts().authenticateApiKey(limited.token())).isPresent();
        }
        assertThatThrownBy(() -> store().accounts().authenticateApiKey(limited.token()))
                .isInstanceOf(RateLimitExceededException.class)
                .hasMessageContaining(limited.key().prefix()).hasMessageContaining("3 per")
                .hasMessageNotContaining(limited.token())
                .satisfies(e -> {
                    RateLimitExceededException exceeded = (RateLimitExceededException) e;
                    assertThat(exceeded.permits()).isEqualTo(3);
                    assertThat(exceeded.window()).isEqualTo(Duration.ofMinutes(1));
                    assertThat(exceeded.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(1));
                });
        assertThat(store().accounts().authenticateApiKey(other.token())).as("each key has its own budget").isPresent();
    }

    @Test
    void wrongSecretsDoNotSpendAKeysPermits() {
        UserScope scope = newScope();
        IssuedApiKey key = scope.apiKeys().create("limited", null, 2);
        String wrong = key.key().prefix() + "." + "A".repeat(43);

        for (int i = 0; i < 5; i++) {
            assertThat(store().accounts().authenticateApiKey(wrong)).isEmpty();
        }

        assertThat(store().accounts().authenticateApiKey(key.token())).isPresent();
        assertThat(store().accounts().authenticateApiKey(key.token())).isPresent();
    }

    @Test
    void keyWithoutRateLimitIsNeverRefused() {
        UserScope scope = newScope();
        IssuedApiKey key = scope.apiKeys().create("unlimited", null, 0);

        for (int i = 0; i < 20; i++) {
            ApiKey authenticated = store().accounts().authenticateApiKey(key.token()).orElseThrow();
            assertThat(authenticated.rateLimitPerMinute()).isZero();
        }
    }
}
