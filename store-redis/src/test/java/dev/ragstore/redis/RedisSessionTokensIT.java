package dev.ragstore.redis;

import dev.ragstore.core.ephemeral.EphemeralStore;
import dev.ragstore.core.ephemeral.SessionToken;
import dev.ragstore.core.ephemeral.SessionTokens;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.user.UserId;
import dev.ragstore.testkit.SessionTokensContract;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
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

    private static String sha256(String token) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    @Test
    void tokenIs32RandomBytesStoredUnderItsSha256WithItsTtl() throws Exception {
        SessionToken token = tokens().issue(new UserId(UUID.randomUUID()), Duration.ofMinutes(5));
        String key = prefix + "token:" + sha256(token.token());
        AtomicReference<String> value = new AtomicReference<>();
        TestRedis.raw(ContractStores.fixture().uri(), redis -> value.set(redis.get(key)));

        assertThat(token.token()).matches("[A-Za-z0-9_-]{43}");
        assertThat(value.get()).startsWith(token.userId() + "|");
        assertThat(pttl(key)).isBetween(1L, Duration.ofMinutes(5).toMillis());
        assertThat(pttl(prefix + "user:{" + token.userId() + "}:tokens")).isBetween(1L, Duration.ofMinutes(5).toMillis());
    }

    @Test
    void aDumpOfRedisHoldsNoUsableToken() {
        UserId user = new UserId(UUID.randomUUID());
        SessionToken first = tokens().issue(user, Duration.ofMinutes(5));
        SessionToken second = tokens().issue(user, Duration.ofMinutes(5));
        tokens().extend(second.token(), Duration.ofMinutes(10)).orElseThrow();
        List<String> dump = new ArrayList<>();
        TestRedis.raw(ContractStores.fixture().uri(), redis -> ScanIterator.scan(redis, ScanArgs.Builder.matches(prefix + "*"))
                .forEachRemaining(key -> {
                    dump.add(key);
                    switch (redis.type(key)) {
                        case "string" -> dump.add(redis.get(key));
                        case "zset" -> dump.addAll(redis.zrange(key, 0, -1));
                        case "hash" -> redis.hgetall(key).forEach((field, value) -> dump.add(field + "=" + value));
                        default -> dump.add(redis.type(key));
                    }
                }));

        assertThat(dump).isNotEmpty();
        assertThat(dump).noneMatch(text -> text.contains(first.token()) || text.contains(second.token()));
        assertThat(tokens().resolve(first.token())).contains(first);
        assertThat(tokens().revokeAll(user)).isEqualTo(2);
        assertThat(tokens().resolve(second.token())).isEmpty();
    }

    @Test
    void registeredTokenIsStoredUnderItsSha256UntilItsExpiryWithItsPayload() throws Exception {
        UserId user = new UserId(UUID.randomUUID());
        String jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJyZWRpcyJ9." + UUID.randomUUID();
        SessionToken registered = tokens().register(jwt, user, java.time.Instant.now().plus(Duration.ofMinutes(30)),
                java.util.Map.of("client", "web|app"));
        String key = prefix + "token:" + sha256(jwt);
        AtomicReference<String> value = new AtomicReference<>();
        TestRedis.raw(ContractStores.fixture().uri(), redis -> value.set(redis.get(key)));

        assertThat(value.get()).startsWith(user + "|").endsWith("|{\"client\":\"web|app\"}").doesNotContain(jwt);
        assertThat(pttl(key)).isBetween(Duration.ofMinutes(29).toMillis(), Duration.ofMinutes(30).toMillis());
        assertThat(pttl(prefix + "user:{" + user + "}:tokens")).isGreaterThan(Duration.ofMinutes(29).toMillis());
        assertThat(tokens().extend(jwt, Duration.ofHours(1)).orElseThrow().payload())
                .as("a '|' inside the payload survives extend").isEqualTo(registered.payload());
    }

    @Test
    void extendAlsoMovesTheExpiryInRedisAndInTheUserIndex() throws Exception {
        SessionToken token = tokens().issue(new UserId(UUID.randomUUID()), Duration.ofMinutes(1));

        tokens().extend(token.token(), Duration.ofHours(2)).orElseThrow();

        assertThat(pttl(prefix + "token:" + sha256(token.token()))).isGreaterThan(Duration.ofMinutes(60).toMillis());
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
