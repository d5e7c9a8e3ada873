package dev.ragstore.testkit;

import dev.ragstore.core.ephemeral.LockGrant;
import dev.ragstore.core.ephemeral.Locks;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Contract of {@link Locks}: of 64 threads racing for a free lock exactly one wins; only the
 * holder's token releases or renews it; an expired lock (after its TTL, in real time) can be
 * taken again with a larger fence, and the old grant can then neither release nor renew it;
 * fences increase with every grant of a resource; a waiting acquire succeeds once the holder
 * releases and gives up after its wait; resources are independent.
 *
 * <p>Subclass it and implement {@link #newEphemeralStore()} (see {@link EphemeralContractSupport}).
 */
public abstract class LocksContract extends EphemeralContractSupport {

    /** Threads of the race test. */
    protected static final int THREADS = 64;
    private static final Duration LONG = Duration.ofSeconds(30);

    private Locks locks() {
        return ephemeral().locks();
    }

    @Test
    void freeLockIsGrantedWithItsTtl() {
        String resource = uniqueKey("lock");

        LockGrant grant = locks().tryAcquire(resource, LONG).orElseThrow();

        assertThat(grant.resource()).isEqualTo(resource);
        assertThat(grant.ownerToken()).isNotBlank();
        assertThat(grant.fence()).isPositive();
        assertThat(grant.expiresAt()).isAfter(java.time.Instant.now().plus(Duration.ofSeconds(20)))
                .isBefore(java.time.Instant.now().plus(Duration.ofSeconds(40)));
        assertThat(locks().tryAcquire(resource, LONG)).isEmpty();
    }

    @Test
    void racingThreadsGetExactlyOneGrant() {
        String resource = uniqueKey("race");

        List<Optional<LockGrant>> grants = Concurrently.run(THREADS, i -> () -> locks().tryAcquire(resource, LONG));

        assertThat(grants.stream().filter(Optional::isPresent)).hasSize(1);
    }

    @Test
    void onlyTheHoldersTokenReleasesTheLock() {
        String resource = uniqueKey("release");
        LockGrant grant = locks().tryAcquire(resource, LONG).orElseThrow();
        LockGrant forged = new LockGrant(resource, grant.ownerToken() + "x", grant.fence(), grant.expiresAt());

        assertThat(locks().release(forged)).isFalse();
        assertThat(locks().tryAcquire(resource, LONG)).isEmpty();

        assertThat(locks().release(grant)).isTrue();
        assertThat(locks().release(grant)).isFalse();
        LockGrant next = locks().tryAcquire(resource, LONG).orElseThrow();
        assertThat(next.fence()).isGreaterThan(grant.fence());
        assertThat(next.ownerToken()).isNotEqualTo(grant.ownerToken());
    }

    @Test
    void onlyTheHoldersTokenRenewsTheLock() {
        String resource = uniqueKey("renew");
        LockGrant grant = locks().tryAcquire(resource, Duration.ofSeconds(5)).orElseThrow();
        LockGrant forged = new LockGrant(resource, "not-the-token", grant.fence(), grant.expiresAt());

        assertThat(locks().renew(forged, LONG)).isEmpty();
        LockGrant renewed = locks().renew(grant, LONG).orElseThrow();

        assertThat(renewed.resource()).isEqualTo(resource);
        assertThat(renewed.ownerToken()).isEqualTo(grant.ownerToken());
        assertThat(renewed.fence()).isEqualTo(grant.fence());
        assertThat(renewed.expiresAt()).isAfter(grant.expiresAt().plus(Duration.ofSeconds(20)));
        assertThat(locks().release(renewed)).isTrue();
        assertThat(locks().renew(grant, LONG)).isEmpty();
    }

    @Test
    void expiredLockCanBeTakenAgainWithALargerFence() {
        String resource = uniqueKey("expiry");
        LockGrant first = locks().tryAcquire(resource, Duration.ofSeconds(1)).orElseThrow();
        LockGrant[] second = new LockGrant[1];

        awaitTrue("lock with a 1 s TTL could be taken again", () -> {
            second[0] = locks().tryAcquire(resource, LONG).orElse(null);
            return second[0] != null;
        });

        assertThat(second[0].fence()).isGreaterThan(first.fence());
        assertThat(locks().release(first)).isFalse();
        assertThat(locks().renew(first, LONG)).isEmpty();
        assertThat(locks().tryAcquire(resource, LONG)).isEmpty();
        assertThat(locks().release(second[0])).isTrue();
    }

    @Test
    void fencesIncreaseWithEveryGrant() {
        String resource = uniqueKey("fence");
        long previous = 0;

        for (int i = 0; i < 5; i++) {
            LockGrant grant = locks().tryAcquire(resource, LONG).orElseThrow();
            assertThat(grant.fence()).isGreaterThan(previous);
            previous = grant.fence();
            assertThat(locks().release(grant)).isTrue();
        }
    }

    @Test
    void waitingAcquireSucceedsOnceTheHolderReleases() throws Exception {
        String resource = uniqueKey("wait");
        LockGrant held = locks().tryAcquire(resource, LONG).orElseThrow();

        CompletableFuture<Optional<LockGrant>> waiter = CompletableFuture.supplyAsync(
                () -> locks().tryAcquire(resource, LONG, Duration.ofSeconds(20)));
        sleep(Duration.ofMillis(200));
        assertThat(waiter).isNotDone();
        assertThat(locks().release(held)).isTrue();

        LockGrant taken = waiter.get(25, TimeUnit.SECONDS).orElseThrow();
        assertThat(taken.fence()).isGreaterThan(held.fence());
        assertThat(locks().release(taken)).isTrue();
    }

    @Test
    void waitingAcquireGivesUpAfterItsWait() {
        String resource = uniqueKey("give-up");
        LockGrant held = locks().tryAcquire(resource, LONG).orElseThrow();

        assertThat(locks().tryAcquire(resource, LONG, Duration.ofMillis(300))).isEmpty();
        assertThat(locks().release(held)).isTrue();
    }

    @Test
    void resourcesAreIndependent() {
        LockGrant first = locks().tryAcquire(uniqueKey("a"), LONG).orElseThrow();
        LockGrant second = locks().tryAcquire(uniqueKey("b"), LONG).orElseThrow();

        assertThat(locks().release(first)).isTrue();
        assertThat(locks().release(second)).isTrue();
    }

    @Test
    void nonPositiveTtlIsRejected() {
        String resource = uniqueKey("ttl");

        StoreContractSupport.assertInvalidInput(() -> locks().tryAcquire(resource, Duration.ZERO), "ttl");
        StoreContractSupport.assertInvalidInput(() -> locks().tryAcquire(resource, Duration.ofSeconds(-1)), "ttl");
        assertThat(locks().tryAcquire(resource, LONG)).isPresent();
    }
}
