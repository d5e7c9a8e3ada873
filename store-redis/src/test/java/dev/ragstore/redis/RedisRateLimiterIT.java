package dev.ragstore.redis;

import dev.ragstore.core.ephemeral.EphemeralStore;
import dev.ragstore.core.ephemeral.RateLimit;
import dev.ragstore.core.ephemeral.RateLimitDecision;
import dev.ragstore.core.ephemeral.RateLimiter;
import dev.ragstore.core.user.UserId;
import dev.ragstore.testkit.RateLimiterContract;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The rate-limiter contract on Redis, plus the key layout and 64 racing threads. */
class RedisRateLimiterIT extends RateLimiterContract {

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

    private RateLimiter limiter() {
        return ephemeral().rateLimiter();
    }

    @Test
    void windowIsASortedSetUnderTheSeedKeyThatExpiresAfterTheWindow() {
        UserId user = new UserId(UUID.randomUUID());
        limiter().tryAcquire(user, "POST /chat", RateLimit.perMinute(5));
        limiter().tryAcquire(user, "POST /chat", RateLimit.perMinute(5));
        AtomicLong ttl = new AtomicLong();
        AtomicLong size = new AtomicLong();
        TestRedis.raw(ContractStores.fixture().uri(), redis -> {
            ttl.set(redis.pttl(prefix + "rate_limit:{" + user + "}:POST /chat"));
            size.set(redis.zcard(prefix + "rate_limit:{" + user + "}:POST /chat"));
        });
        assertThat(ttl.get()).isBetween(1L, 60_000L);
        assertThat(size.get()).isEqualTo(2);
    }

    @Test
    void aShrunkLimitRefusesUntilEnoughPermitsAgedOut() {
        UserId user = new UserId(UUID.randomUUID());
        for (int i = 0; i < 3; i++) {
            assertThat(limiter().tryAcquire(user, "GET /x", new RateLimit(3, Duration.ofMinutes(1))).allowed()).isTrue();
        }
        RateLimitDecision refused = limiter().tryAcquire(user, "GET /x", new RateLimit(1, Duration.ofMinutes(1)));
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.remaining()).isZero();
        assertThat(refused.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void sixtyFourRacingThreadsOnOneKeyGetExactlyTheLimit() throws Exception {
        UserId user = new UserId(UUID.randomUUID());
        RateLimit limit = RateLimit.perMinute(17);
        int threads = 64;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<Boolean>> calls = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                calls.add(() -> {
                    start.await();
                    return limiter().tryAcquire(user, "POST /chat", limit).allowed();
                });
            }
            long allowed = 0;
            for (Future<Boolean> result : pool.invokeAll(calls)) {
                allowed += result.get() ? 1 : 0;
            }
            assertThat(allowed).isEqualTo(17);
        } finally {
            pool.shutdownNow();
        }
    }
}
