package dev.ragstore.redis;

import dev.ragstore.core.ephemeral.EphemeralStore;
import dev.ragstore.core.ephemeral.SessionToken;
import dev.ragstore.core.ephemeral.SessionTokens;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.user.UserId;
import dev.ragstore.testkit.SessionTokensContract;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The session-token contract on Redis, plus the Redis key layout and TTLs. */
class RedisSessionTokensIT extends SessionTokensContract {

    private String prefix;
    private RedisStore store;

    // Synchronized and idempotent: the kit's lazy ephemeral() may be reached first from racing threads.
    @Override
    protected synchronized EphemeralStore newEphemeralStore() {
        if (store == null) {
            ContractStores.Opened opened = ContractStores.open(getClass(), this::onClose);
            prefix = opened.prefix();
            store = opened.store();
        }
        return store;
    }

    private SessionTokens tokens() {
        return ephemeral().sessionTokens();
    }

    private long pttl(String key) {
        AtomicLong ttl = new AtomicLong();
        TestRedis.raw(ContractStores.fixture().uri(), redis -> ttl.set(redis.pttl(key)));
        return ttl.get();
    }

    @Test
    void tokenIs32RandomBytesStoredUnderTheSeedKeyWithItsTtl() {
        SessionToken token = tokens().issue(new UserId(UUID.randomUUID()), Duration.ofMinutes(5));
        AtomicReference<String> value = new AtomicReference<>();
        TestRedis.raw(ContractStores.fixture().uri(), redis -> value.set(redis.get(prefix + "token:" + token.token())));

        assertThat(token.token()).matches("[A-Za-z0-9_-]{43}");
        assertThat(value.get()).startsWith(token.userId() + "|");
        assertThat(pttl(prefix + "token:" + token.token())).isBetween(1L, Duration.ofMinutes(5).toMillis());
        assertThat(pttl(prefix + "user:{" + token.userId() + "}:tokens")).isBetween(1L, Duration.ofMinutes(5).toMillis());
    }

    @Test
    void extendAlsoMovesTheExpiryInRedisAndInTheUserIndex() {
        SessionToken token = tokens().issue(new UserId(UUID.randomUUID()), Duration.ofMinutes(1));

        tokens().extend(token.token(), Duration.ofHours(2)).orElseThrow();

        assertThat(pttl(prefix + "token:" + token.token())).isGreaterThan(Duration.ofMinutes(60).toMillis());
        assertThat(pttl(prefix + "user:{" + token.userId() + "}:tokens")).isGreaterThan(Duration.ofMinutes(60).toMillis());
    }

    @Test
    void emptyOrHugeTokensReadAsEmptyWithoutError() {
        assertThat(tokens().resolve("")).isEmpty();
        assertThat(tokens().resolve("x".repeat(10_000))).isEmpty();
        assertThat(tokens().revoke("")).isFalse();
    }

    @Test
    void ttlErrorNamesTheFieldRuleAndValue() {
        assertThatThrownBy(() -> tokens().issue(new UserId(UUID.randomUUID()), Duration.ofMillis(999)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("session ttl must be between 1 second and 365 days, but was PT0.999S");
    }
}
