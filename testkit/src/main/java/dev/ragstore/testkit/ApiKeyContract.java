package dev.ragstore.testkit;

import dev.ragstore.core.UserScope;
import dev.ragstore.core.apikey.ApiKey;
import dev.ragstore.core.apikey.ApiKeyId;
import dev.ragstore.core.apikey.IssuedApiKey;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.user.Accounts;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Contract of API keys ({@link UserScope#apiKeys()} and {@link Accounts#authenticateApiKey}):
 * the token ({@code prefix.secret}) is returned once and only its hash is stored or listed;
 * {@code toString()} masks secrets; authentication succeeds only for the exact token of a live,
 * unexpired key of an active user and records its use; revoked, expired, altered and unknown
 * tokens read as empty; an expiry that is not in the future is rejected at creation.
 *
 * <p>Subclass it and implement {@link #newStore(StoreOptions)} (see {@link StoreContractSupport});
 * key expiry is tested by moving {@link #clock}, so the store must take its time from the options' clock.
 */
public abstract class ApiKeyContract extends StoreContractSupport {

    private static String secretOf(IssuedApiKey issued) {
        return issued.token().substring(issued.key().prefix().length() + 1);
    }

    @Test
    void createdKeyCarriesItsTokenOnceAndStoresOnlyAHash() {
        UserScope scope = newScope();
        Instant expiry = clock.instant().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.MICROS);

        IssuedApiKey issued = scope.apiKeys().create("ci pipeline", expiry, 120);

        ApiKey key = issued.key();
        assertThat(key.ownerId()).isEqualTo(scope.userId());
        assertThat(key.name()).isEqualTo("ci pipeline");
        assertThat(key.rateLimitPerMinute()).isEqualTo(120);
        assertThat(key.expiresAt()).isEqualTo(expiry);
        assertThat(key.lastUsedAt()).isNull();
        assertThat(key.prefix()).isNotBlank();
        assertThat(issued.token()).startsWith(key.prefix() + ".");
        String secret = secretOf(issued);
        assertThat(secret).hasSizeGreaterThanOrEqualTo(16);
        assertThat(key.secretHash()).isNotBlank().doesNotContain(secret);
        assertThat(scope.apiKeys().list()).containsExactly(key);
    }

    @Test
    void toStringNeverShowsTheSecretOrItsHash() {
        UserScope scope = newScope();
        IssuedApiKey issued = scope.apiKeys().create("masked", null, 0);
        String secret = secretOf(issued);

        assertThat(issued.toString()).doesNotContain(secret).doesNotContain(issued.key().secretHash())
                .contains(issued.key().prefix());
        assertThat(issued.key().toString()).doesNotContain(secret).doesNotContain(issued.key().secretHash());
        assertThat(scope.apiKeys().list().toString()).doesNotContain(secret).doesNotContain(issued.key().secretHash());
    }

    @Test
    void keysOfAUserAreListedById() {
        UserScope scope = newScope();
        ApiKey first = scope.apiKeys().create("one", null, 0).key();
        ApiKey second = scope.apiKeys().create("two", null, 0).key();
        ApiKey third = scope.apiKeys().create("three", null, 0).key();

        assertThat(scope.apiKeys().list()).containsExactly(first, second, third);
        assertThat(compareIds(first.id().value(), second.id().value())).isNegative();
        assertThat(compareIds(second.id().value(), third.id().value())).isNegative();
        assertThat(first.prefix()).isNotEqualTo(second.prefix()).isNotEqualTo(third.prefix());
    }

    @Test
    void exactTokenAuthenticatesAndRecordsTheUse() {
        UserScope scope = newScope();
        IssuedApiKey issued = scope.apiKeys().create("auth", null, 0);

        ApiKey authenticated = store().accounts().authenticateApiKey(issued.token()).orElseThrow();

        assertThat(authenticated.id()).isEqualTo(issued.key().id());
        assertThat(authenticated.ownerId()).isEqualTo(scope.userId());
        assertThat(authenticated.lastUsedAt()).isNotNull().isAfterOrEqualTo(issued.key().createdAt());
        assertThat(scope.apiKeys().list()).singleElement()
                .satisfies(k -> assertThat(k.lastUsedAt()).isEqualTo(authenticated.lastUsedAt()));
    }

    @Test
    void alteredUnknownAndMalformedTokensReadAsEmpty() {
        UserScope scope = newScope();
        IssuedApiKey issued = scope.apiKeys().create("wrong", null, 0);
        String prefix = issued.key().prefix();
        String secret = secretOf(issued);
        char last = secret.charAt(secret.length() - 1);
        String altered = prefix + "." + secret.substring(0, secret.length() - 1) + (last == 'a' ? 'b' : 'a');
        Accounts accounts = store().accounts();

        assertThat(accounts.authenticateApiKey(altered)).isEmpty();
        assertThat(accounts.authenticateApiKey(prefix + ".")).isEmpty();
        assertThat(accounts.authenticateApiKey(prefix)).isEmpty();
        assertThat(accounts.authenticateApiKey(issued.token() + "x")).isEmpty();
        assertThat(accounts.authenticateApiKey("zz" + prefix + "." + secret)).isEmpty();
        assertThat(accounts.authenticateApiKey("")).isEmpty();
        assertThat(accounts.authenticateApiKey("not a token at all")).isEmpty();
        assertThat(scope.apiKeys().list()).singleElement().satisfies(k -> assertThat(k.lastUsedAt()).isNull());
    }

    @Test
    void revokedKeyNoLongerAuthenticates() {
        UserScope scope = newScope();
        IssuedApiKey kept = scope.apiKeys().create("kept", null, 0);
        IssuedApiKey revoked = scope.apiKeys().create("revoked", null, 0);

        assertThat(scope.apiKeys().revoke(revoked.key().id())).isTrue();

        assertThat(store().accounts().authenticateApiKey(revoked.token())).isEmpty();
        assertThat(store().accounts().authenticateApiKey(kept.token())).isPresent();
        assertThat(scope.apiKeys().list()).extracting(ApiKey::id).containsExactly(kept.key().id());
        assertThat(scope.apiKeys().revoke(revoked.key().id())).isFalse();
        assertThat(scope.apiKeys().revoke(new ApiKeyId(UUID.randomUUID()))).isFalse();
    }

    @Test
    void expiredKeyNoLongerAuthenticates() {
        UserScope scope = newScope();
        IssuedApiKey issued = scope.apiKeys().create("short lived", clock.instant().plus(Duration.ofHours(1)), 0);
        assertThat(store().accounts().authenticateApiKey(issued.token())).isPresent();

        clock.advance(Duration.ofHours(2));

        assertThat(store().accounts().authenticateApiKey(issued.token())).isEmpty();
    }

    @Test
    void expiryThatIsNotInTheFutureIsRejectedAndNothingIsWritten() {
        UserScope scope = newScope();
        Instant past = clock.instant().minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.MICROS);

        assertThatThrownBy(() -> scope.apiKeys().create("expired", past, 0))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).containsIgnoringCase("expire"))
                .hasMessageContaining(past.toString());
        assertThat(scope.apiKeys().list()).isEmpty();
    }

    @Test
    void negativeRateLimitIsRejectedAndNothingIsWritten() {
        UserScope scope = newScope();

        assertInvalidInput(() -> scope.apiKeys().create("bad", null, -1), "rate limit", "-1");
        assertThat(scope.apiKeys().list()).isEmpty();
    }

    @Test
    void keyOfAnInactiveOrDeletedUserDoesNotAuthenticate() {
        UserScope scope = newScope();
        IssuedApiKey issued = scope.apiKeys().create("owner state", null, 0);

        store().admin().setActive(scope.userId(), false);
        assertThat(store().accounts().authenticateApiKey(issued.token())).isEmpty();
        store().admin().setActive(scope.userId(), true);
        assertThat(store().accounts().authenticateApiKey(issued.token())).isPresent();

        store().admin().deleteUser(scope.userId());
        assertThat(store().accounts().authenticateApiKey(issued.token())).isEmpty();
    }
}
