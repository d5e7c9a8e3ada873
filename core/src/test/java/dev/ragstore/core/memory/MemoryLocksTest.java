package dev.ragstore.core.memory;

import dev.ragstore.core.ephemeral.LockGrant;
import dev.ragstore.core.ephemeral.Locks;
import dev.ragstore.core.error.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MemoryLocksTest {

    private static final Duration TTL = Duration.ofSeconds(30);

    private final MutableClock clock = MutableClock.atEpochDay();
    private final Locks locks = InMemoryEphemeralStore.create(clock).locks();

    @Test
    void grantsOneLiveLockPerResource() {
        LockGrant grant = locks.tryAcquire("doc-1", TTL).orElseThrow();

        assertThat(grant.fence()).isEqualTo(1);
        assertThat(grant.expiresAt()).isEqualTo(clock.instant().plus(TTL));
        assertThat(locks.tryAcquire("doc-1", TTL)).isEmpty();
        assertThat(locks.tryAcquire("doc-2", TTL)).isPresent();
    }

    @Test
    void freesTheLockAtExpiryAndIncreasesTheFence() {
        LockGrant first = locks.tryAcquire("r", TTL).orElseThrow();
        clock.advance(TTL.minusMillis(1));
        assertThat(locks.tryAcquire("r", TTL)).isEmpty();
        clock.advance(Duration.ofMillis(1));

        LockGrant second = locks.tryAcquire("r", TTL).orElseThrow();
        assertThat(second.fence()).isGreaterThan(first.fence());
        assertThat(second.ownerToken()).isNotEqualTo(first.ownerToken());
        assertThat(locks.release(first)).as("an expired holder cannot release the new grant").isFalse();
        assertThat(locks.renew(first, TTL)).isEmpty();
        assertThat(locks.release(second)).isTrue();
        assertThat(locks.tryAcquire("r", TTL).orElseThrow().fence()).isEqualTo(3);
    }

    @Test
    void releasesAndRenewsOnlyWithTheHoldersToken() {
        LockGrant grant = locks.tryAcquire("r", TTL).orElseThrow();
        LockGrant forged = new LockGrant("r", "not-the-token", grant.fence(), grant.expiresAt());

        assertThat(locks.release(forged)).isFalse();
        assertThat(locks.renew(forged, TTL)).isEmpty();
        clock.advance(Duration.ofSeconds(20));
        LockGrant renewed = locks.renew(grant, TTL).orElseThrow();
        assertThat(renewed.expiresAt()).isEqualTo(clock.instant().plus(TTL));
        assertThat(renewed.fence()).isEqualTo(grant.fence());
        clock.advance(Duration.ofSeconds(20));
        assertThat(locks.tryAcquire("r", TTL)).as("renewed past the first expiry").isEmpty();
        assertThat(locks.release(renewed)).isTrue();
        assertThat(locks.release(renewed)).isFalse();
    }

    @Test
    void waitsForARelease() throws Exception {
        LockGrant held = locks.tryAcquire("r", TTL).orElseThrow();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        CountDownLatch started = new CountDownLatch(1);
        Future<Optional<LockGrant>> waiter = pool.submit(() -> {
            started.countDown();
            return locks.tryAcquire("r", TTL, Duration.ofMinutes(1));
        });
        started.await();
        locks.release(held);

        assertThat(waiter.get(1, TimeUnit.MINUTES)).hasValueSatisfying(g -> assertThat(g.fence()).isEqualTo(2));
        pool.shutdown();
    }

    @Test
    void waitsForAnExpiryOnTheInjectedClock() throws Exception {
        locks.tryAcquire("r", TTL).orElseThrow();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<Optional<LockGrant>> waiter = pool.submit(() -> locks.tryAcquire("r", TTL, Duration.ofMinutes(1)));
        clock.advance(TTL);

        assertThat(waiter.get(1, TimeUnit.MINUTES)).isPresent();
        pool.shutdown();
    }

    @Test
    void givesUpWhenTheWaitEnds() {
        locks.tryAcquire("r", TTL).orElseThrow();
        assertThat(locks.tryAcquire("r", TTL, Duration.ofMillis(20))).isEmpty();
    }

    @Test
    void grantsExactlyOneAmongConcurrentCallers() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<Optional<LockGrant>>> calls = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            calls.add(() -> locks.tryAcquire("contended", TTL));
        }
        long granted = 0;
        for (Future<Optional<LockGrant>> result : pool.invokeAll(calls)) {
            granted += result.get().isPresent() ? 1 : 0;
        }
        pool.shutdown();
        assertThat(granted).isEqualTo(1);
    }

    @Test
    void rejectsTtlsOutsideOneMillisecondToOneDay() {
        assertThatThrownBy(() -> locks.tryAcquire("r", Duration.ZERO))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("lock ttl")
                .hasMessageContaining("between 1 ms and 1 day");
        assertThatThrownBy(() -> locks.tryAcquire("r", Duration.ofDays(1).plusMillis(1)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("lock ttl");
        assertThatThrownBy(() -> locks.tryAcquire("r", TTL, Duration.ofSeconds(-1)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("lock wait");
        assertThat(locks.tryAcquire("r", Duration.ofMillis(1))).isPresent();
    }
}
