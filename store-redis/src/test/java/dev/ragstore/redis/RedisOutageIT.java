package dev.ragstore.redis;

import dev.ragstore.core.RagStore;
import dev.ragstore.core.chat.ChatSession;
import dev.ragstore.core.chat.Message;
import dev.ragstore.core.ephemeral.RateLimit;
import dev.ragstore.core.ephemeral.RateLimitDecision;
import dev.ragstore.core.ephemeral.SessionToken;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.error.StoreUnavailableException;
import dev.ragstore.core.memory.InMemoryRelationalStore;
import dev.ragstore.core.user.NewUser;
import dev.ragstore.core.user.User;
import dev.ragstore.core.user.UserId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Outages of a private {@code redis-server} that the test kills, restarts, pauses and puts to
 * sleep. Cached reads and writes must never fail, nothing written is lost, stale entries are gone
 * after recovery, and tokens and locks fail with a retryable {@link StoreUnavailableException}.
 */
class RedisOutageIT {

    private static final Duration COMMAND_TIMEOUT = Duration.ofMillis(300);
    private static final String PASSWORD = "correct horse battery";
    private static RedisServerProcess server;

    private RedisStore redis;
    private InMemoryRelationalStore raw;
    private RedisCachedRelationalStore cached;

    @BeforeAll
    static void startServer() throws Exception {
        server = RedisServerProcess.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void connect() throws Exception {
        server.restart();
        server.admin(r -> r.flushall());
        redis = builder().build();
        raw = InMemoryRelationalStore.create();
        cached = RedisCachedRelationalStore.wrap(raw, redis);
    }

    @AfterEach
    void close() {
        cached.close();
        redis.close();
    }

    private static RedisStore.Builder builder() {
        return RedisStore.builder().uri(server.uri()).keyPrefix("outage:").commandTimeout(COMMAND_TIMEOUT)
                .connectTimeout(Duration.ofMillis(500));
    }

    private void awaitRecovery() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!redis.monitor().isUp() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(redis.monitor().isUp()).as("Redis recovered within 20 s").isTrue();
    }

    private User renamed(User user, String displayName) {
        return Records.renamedDisplay(user, displayName);
    }

    @Test
    void staleEntryRestoredAfterAKillIsInvalidatedOnRecovery() throws Exception {
        User ann = cached.users().insert(Records.user("ann"));
        assertThat(cached.users().findById(ann.id())).contains(ann);
        assertThat(cached.users().findById(ann.id())).contains(ann);
        server.save();
        server.kill();

        User updated = cached.users().update(renamed(ann, "written while Redis was down"));
        assertThat(cached.users().findById(ann.id())).contains(updated);
        assertThat(redis.monitor().pendingInvalidations()).isEqualTo(1);

        server.restart();
        AtomicReference<Map<String, String>> restored = new AtomicReference<>();
        server.admin(r -> restored.set(r.hgetall("outage:user:{" + ann.id() + "}:account")));
        assertThat(restored.get()).as("the snapshot brought the stale entry back").containsKey("d");
        awaitRecovery();

        assertThat(cached.users().findById(ann.id())).contains(updated);
        assertThat(cached.users().findById(ann.id())).contains(updated);
        assertThat(raw.users().findById(ann.id())).contains(updated);
        assertThat(redis.monitor().outages()).isEqualTo(1);
    }

    @Test
    void appendsDuringAnOutageAreServedCorrectlyAfterRecovery() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        User ann = cached.users().insert(Records.user("ann"));
        ChatSession session = cached.chats().insertSession(Records.session(ann.id()), today);
        Message root = cached.chats().append(ann.id(), Records.message(session.id(), ann.id(), null, "question"), today);
        assertThat(cached.chats().path(ann.id(), root.id(), 10)).containsExactly(root);
        assertThat(cached.chats().latestMessage(ann.id(), session.id())).contains(root);
        server.save();
        server.kill();

        Message answer = cached.chats().append(ann.id(), Records.cited(session.id(), root.id(), "answer"), today);
        assertThat(cached.chats().path(ann.id(), answer.id(), 10)).containsExactly(root, answer);
        assertThat(cached.chats().latestMessage(ann.id(), session.id())).contains(answer);

        server.restart();
        awaitRecovery();
        assertThat(cached.chats().latestMessage(ann.id(), session.id())).contains(answer);
        assertThat(cached.chats().path(ann.id(), answer.id(), 10)).containsExactly(root, answer);
        assertThat(cached.users().findById(ann.id()).orElseThrow().lifetimeTokens())
                .isEqualTo(root.tokenCount() + answer.tokenCount());
    }

    @Test
    void tokensAndLocksFailRetryablyNamingTheAddressWhileRedisIsDown() throws Exception {
        server.kill();

        assertThatThrownBy(() -> redis.sessionTokens().issue(new UserId(UUID.randomUUID()), Duration.ofMinutes(5)))
                .isInstanceOfSatisfying(StoreUnavailableException.class, e -> {
                    assertThat(e.store()).isEqualTo("redis");
                    assertThat(e.retryable()).isTrue();
                })
                .hasMessageContaining("127.0.0.1:" + server.port())
                .hasMessageContaining("session token issue");
        assertThatThrownBy(() -> redis.sessionTokens().resolve("some-token"))
                .isInstanceOf(StoreUnavailableException.class);
        assertThatThrownBy(() -> redis.locks().tryAcquire("kb-1", Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(StoreUnavailableException.class, e -> assertThat(e.retryable()).isTrue())
                .hasMessageContaining("lock acquire");
        assertThatThrownBy(() -> redis.jobs().start("job-1", 3, "start"))
                .isInstanceOf(StoreUnavailableException.class);
        assertThat(redis.monitor().outages()).isEqualTo(1);

        server.restart();
        awaitRecovery();
        assertThat(redis.locks().tryAcquire("kb-1", Duration.ofSeconds(10))).isPresent();
    }

    @Test
    void pausedRedisTimesOutInHumanTermsAndCachedReadsStillAnswer() throws Exception {
        User ann = cached.users().insert(Records.user("ann"));
        cached.users().findById(ann.id());
        server.pause(Duration.ofSeconds(2));

        assertThatThrownBy(() -> redis.sessionTokens().resolve("any"))
                .isInstanceOfSatisfying(StoreUnavailableException.class, e -> assertThat(e.retryable()).isTrue())
                .hasMessageContaining("no reply within 300 ms");
        User updated = cached.users().update(renamed(ann, "written during the pause"));
        assertThat(cached.users().findById(ann.id())).contains(updated);

        awaitRecovery();
        assertThat(cached.users().findById(ann.id())).contains(updated);
    }

    @Test
    void debugSleepDegradesAndRecoversWithoutLosingWrites() throws Exception {
        User ann = cached.users().insert(Records.user("ann"));
        cached.users().findById(ann.id());
        Process sleeper = server.debugSleep(Duration.ofSeconds(2));
        Thread.sleep(200);

        User updated = cached.users().update(renamed(ann, "written while the server slept"));
        assertThat(cached.users().findById(ann.id())).contains(updated);
        assertThat(redis.monitor().isUp()).isFalse();

        sleeper.waitFor(10, TimeUnit.SECONDS);
        awaitRecovery();
        assertThat(cached.users().findById(ann.id())).contains(updated);
        assertThat(raw.users().findById(ann.id())).contains(updated);
    }

    private RagStore facade() {
        return RagStore.builder().relationalStore(cached).ephemeralStore(redis).build();
    }

    /** Waits until the server answers the store's commands again (a pause or sleep ended). */
    private void awaitServing() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try {
                redis.sessionTokens().resolve("probe");
                return;
            } catch (StoreUnavailableException stillDown) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("Redis did not answer within 20 s");
    }

    @Test
    void deactivationDuringAHangFailsRetryablyAndTheRetryRevokes() throws Exception {
        RagStore store = facade();
        User ann = store.admin().createUser(NewUser.of("ann", PASSWORD));
        SessionToken session = store.ephemeral().sessionTokens().issue(ann.id(), Duration.ofHours(1));
        server.pause(Duration.ofSeconds(2));

        assertThatThrownBy(() -> store.admin().setActive(ann.id(), false))
                .isInstanceOfSatisfying(StoreUnavailableException.class, e -> {
                    assertThat(e.store()).isEqualTo("redis");
                    assertThat(e.retryable()).isTrue();
                })
                .hasMessageContaining("User " + ann.id() + " deactivated, but its session tokens could not be revoked")
                .hasMessageContaining("Repeat setActive(false)");
        assertThat(raw.users().findById(ann.id()).orElseThrow().active()).isFalse();

        awaitServing();
        assertThat(redis.sessionTokens().resolve(session.token())).as("not revoked yet").isPresent();
        assertThat(store.ephemeral().sessionTokens().resolve(session.token())).as("but never resolves").isEmpty();
        assertThat(store.accounts().login("ann", PASSWORD)).isEmpty();

        assertThat(store.admin().setActive(ann.id(), false).active()).isFalse();
        assertThat(redis.sessionTokens().resolve(session.token())).as("revoked by the retry").isEmpty();
    }

    @Test
    void deletionDuringAHangFailsRetryablyWithoutDeletingAndTheRetryCompletes() throws Exception {
        RagStore store = facade();
        User ann = store.admin().createUser(NewUser.of("ann", PASSWORD));
        SessionToken session = store.ephemeral().sessionTokens().issue(ann.id(), Duration.ofHours(1));
        Process sleeper = server.debugSleep(Duration.ofSeconds(2));
        Thread.sleep(200);

        assertThatThrownBy(() -> store.admin().deleteUser(ann.id()))
                .isInstanceOfSatisfying(StoreUnavailableException.class, e -> assertThat(e.retryable()).isTrue())
                .hasMessageContaining("Repeat deleteUser");
        assertThat(raw.users().findById(ann.id())).as("nothing deleted yet").isPresent();

        sleeper.waitFor(10, TimeUnit.SECONDS);
        awaitServing();
        store.admin().deleteUser(ann.id());
        assertThat(raw.users().findById(ann.id())).isEmpty();
        assertThat(redis.sessionTokens().resolve(session.token())).isEmpty();
    }

    @Test
    void aStaleCachedUserNeverAuthorisesALoginOrAToken() {
        RagStore store = facade();
        User ann = store.admin().createUser(NewUser.of("ann", PASSWORD));
        SessionToken session = store.ephemeral().sessionTokens().issue(ann.id(), Duration.ofHours(1));
        assertThat(store.admin().findUserByUsername("ann")).isPresent();
        assertThat(store.admin().findUser(ann.id())).isPresent();

        // Another node deactivated ann and changed her password, and its invalidations never reached Redis.
        User current = raw.users().findById(ann.id()).orElseThrow();
        raw.users().update(new User(current.id(), current.username(), current.email(),
                "$argon2id$v=19$m=16,t=2,p=1$c2FsdA$aGFzaA", current.displayName(), current.role(), false,
                current.emailVerified(), current.planId(), current.lifetimeTokens(), current.preferences(),
                current.lastLoginAt(), current.createdAt(), current.updatedAt()));
        assertThat(cached.users().findById(ann.id()).orElseThrow().active()).as("the cache is stale").isTrue();

        assertThat(store.accounts().login("ann", PASSWORD)).isEmpty();
        assertThat(store.ephemeral().sessionTokens().resolve(session.token())).isEmpty();
        assertThatThrownBy(() -> store.forUser(ann.id()).changePassword(PASSWORD, "another long passphrase"))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void rateLimiterFailsOpenByDefaultAndClosedWhenConfigured() throws Exception {
        try (RedisStore closedOnOutage = builder().rateLimiterOutageMode(RateLimiterOutageMode.FAIL_CLOSED).build()) {
            UserId user = new UserId(UUID.randomUUID());
            server.kill();

            for (int i = 0; i < 50; i++) {
                RateLimitDecision open = redis.rateLimiter().tryAcquire(user, "POST /chat", RateLimit.perMinute(5));
                RateLimitDecision closed = closedOnOutage.rateLimiter().tryAcquire(user, "POST /chat", RateLimit.perMinute(5));
                assertThat(open.allowed()).isTrue();
                assertThat(open.remaining()).isEqualTo(4);
                assertThat(closed.allowed()).isFalse();
                assertThat(closed.retryAfter()).isEqualTo(Duration.ofSeconds(1));
            }
            assertThat(redis.monitor().outages()).isEqualTo(1);
            assertThat(closedOnOutage.monitor().outages()).isEqualTo(1);
        }
    }

    @Test
    void genericCacheNeverThrowsAndReplaysInvalidationsOnRecovery() throws Exception {
        redis.cache().put("answer", "stale", Duration.ofMinutes(5));
        server.save();
        server.kill();

        assertThat(redis.cache().get("answer")).isEmpty();
        redis.cache().put("answer", "ignored", Duration.ofMinutes(5));
        redis.cache().invalidate("answer");

        server.restart();
        awaitRecovery();
        assertThat(redis.cache().get("answer")).isEmpty();
    }

    @Test
    void tooManyInvalidationsDuringAnOutageFlushTheCacheNamespaceButKeepState() throws Exception {
        redis.cache().put("stale", "old", Duration.ofMinutes(5));
        User ann = cached.users().insert(Records.user("ann"));
        cached.users().findById(ann.id());
        String token = redis.sessionTokens().issue(ann.id(), Duration.ofMinutes(5)).token();
        server.save();
        server.kill();

        for (int i = 0; i <= 10_000; i++) {
            redis.cache().invalidate("key-" + i);
        }
        User updated = cached.users().update(renamed(ann, "after overflow"));

        server.restart();
        awaitRecovery();
        assertThat(redis.cache().get("stale")).isEmpty();
        assertThat(cached.users().findById(ann.id())).contains(updated);
        assertThat(redis.sessionTokens().resolve(token)).isPresent();
    }
}
