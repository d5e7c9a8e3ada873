package dev.ragstore.redis;

import dev.ragstore.core.ephemeral.EphemeralStore;
import dev.ragstore.core.ephemeral.LockGrant;
import dev.ragstore.core.ephemeral.Locks;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.testkit.LocksContract;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The locks contract on Redis, plus key layout, odd resource names and 64 threads sharing one lock. */
class RedisLocksIT extends LocksContract {

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

    private Locks locks() {
        return ephemeral().locks();
    }

    @Test
    void lockKeyHoldsTheOwnerTokenAndTheFenceCounterNeverExpires() {
        LockGrant grant = locks().tryAcquire("kb-42", Duration.ofSeconds(30)).orElseThrow();
        AtomicLong lockTtl = new AtomicLong();
        AtomicLong fenceTtl = new AtomicLong();
        TestRedis.raw(ContractStores.fixture().uri(), redis -> {
            assertThat(redis.get(prefix + "lock:{kb-42}")).isEqualTo(grant.ownerToken());
            lockTtl.set(redis.pttl(prefix + "lock:{kb-42}"));
            fenceTtl.set(redis.pttl(prefix + "lock:{kb-42}:fence"));
        });
        assertThat(lockTtl.get()).isBetween(1L, 30_000L);
        assertThat(fenceTtl.get()).isEqualTo(-1L);
    }

    @Test
    void resourcesWithBracesOrTheirEscapesStayDistinct() {
        assertThat(locks().tryAcquire("a{b}c", Duration.ofSeconds(30))).isPresent();
        assertThat(locks().tryAcquire("a%7Bb%7Dc", Duration.ofSeconds(30))).isPresent();
        assertThat(locks().tryAcquire("a{b}c", Duration.ofSeconds(30))).isEmpty();
    }

    @Test
    void ttlAndWaitErrorsNameTheFieldRuleAndValue() {
        assertThatThrownBy(() -> locks().tryAcquire("r", Duration.ZERO))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("lock ttl must be between 1 ms and 1 day, but was PT0S");
        assertThatThrownBy(() -> locks().tryAcquire("r", Duration.ofSeconds(1), Duration.ofSeconds(-1)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("lock wait must be between 0 and 1 day, but was PT-1S");
    }

    @Test
    void sixtyFourThreadsHoldOneLockOneAtATimeWithDistinctFences() throws Exception {
        String resource = "shared-" + UUID.randomUUID();
        int threads = 64;
        CyclicBarrier start = new CyclicBarrier(threads);
        AtomicInteger holders = new AtomicInteger();
        AtomicInteger maxHolders = new AtomicInteger();
        Set<Long> fences = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<Boolean>> calls = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                calls.add(() -> {
                    start.await();
                    LockGrant grant = locks().tryAcquire(resource, Duration.ofSeconds(30), Duration.ofSeconds(60)).orElseThrow();
                    maxHolders.accumulateAndGet(holders.incrementAndGet(), Math::max);
                    fences.add(grant.fence());
                    Thread.sleep(1);
                    holders.decrementAndGet();
                    return locks().release(grant);
                });
            }
            for (Future<Boolean> released : pool.invokeAll(calls)) {
                assertThat(released.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(maxHolders.get()).isEqualTo(1);
        assertThat(fences).hasSize(threads);
    }
}
