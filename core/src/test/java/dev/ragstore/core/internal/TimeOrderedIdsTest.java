package dev.ragstore.core.internal;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class TimeOrderedIdsTest {

    @Test
    void generatesVersion7IdsWithTheRfcVariant() {
        TimeOrderedIds ids = new TimeOrderedIds();
        for (int i = 0; i < 1000; i++) {
            UUID id = ids.next();
            assertThat(id.version()).isEqualTo(7);
            assertThat(id.variant()).isEqualTo(2);
            assertThat(id.toString().charAt(14)).isEqualTo('7');
        }
    }

    @Test
    void stampsTheCurrentUnixMillisecondsInTheFirst48Bits() {
        long before = System.currentTimeMillis();
        UUID id = new TimeOrderedIds().next();
        long after = System.currentTimeMillis();
        assertThat(id.getMostSignificantBits() >>> 16).isBetween(before, after);
    }

    @Test
    void tenThousandIdsAreStrictlyIncreasingInTextAndUnsignedOrder() {
        TimeOrderedIds ids = new TimeOrderedIds();
        UUID previous = ids.next();
        for (int i = 0; i < 10_000; i++) {
            UUID next = ids.next();
            assertThat(next.toString()).isGreaterThan(previous.toString());
            assertThat(compareUnsigned(next, previous)).isPositive();
            previous = next;
        }
    }

    @Test
    void staysIncreasingWhenTheClockStepsBackOrStalls() {
        long[] times = {5_000, 5_000, 4_000, 1_000, 5_000, 5_001, 4_999};
        AtomicInteger call = new AtomicInteger();
        TimeOrderedIds ids = new TimeOrderedIds(() -> times[call.getAndIncrement()]);
        List<UUID> generated = new ArrayList<>();
        for (int i = 0; i < times.length; i++) {
            generated.add(ids.next());
        }
        for (int i = 1; i < generated.size(); i++) {
            assertThat(compareUnsigned(generated.get(i), generated.get(i - 1))).isPositive();
        }
        assertThat(generated.get(3).getMostSignificantBits() >>> 16).isEqualTo(5_000);
        assertThat(generated.get(5).getMostSignificantBits() >>> 16).isEqualTo(5_001);
        assertThat(generated.get(6).getMostSignificantBits() >>> 16).isEqualTo(5_001);
    }

    @Test
    void idsFromConcurrentThreadsAreUniqueAndIncreasingPerThread() throws InterruptedException {
        TimeOrderedIds ids = new TimeOrderedIds();
        Set<UUID> all = ConcurrentHashMap.newKeySet();
        List<String> failures = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                UUID previous = null;
                for (int i = 0; i < 5_000; i++) {
                    UUID id = ids.next();
                    all.add(id);
                    if (previous != null && compareUnsigned(id, previous) <= 0) {
                        synchronized (failures) {
                            failures.add(previous + " then " + id);
                        }
                    }
                    previous = id;
                }
            });
            thread.start();
            threads.add(thread);
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(failures).isEmpty();
        assertThat(all).hasSize(20_000);
    }

    @Test
    void separateInstancesDoNotCollide() {
        Set<UUID> seen = new HashSet<>();
        TimeOrderedIds a = new TimeOrderedIds();
        TimeOrderedIds b = new TimeOrderedIds();
        for (int i = 0; i < 5_000; i++) {
            assertThat(seen.add(a.next())).isTrue();
            assertThat(seen.add(b.next())).isTrue();
        }
    }

    private static int compareUnsigned(UUID a, UUID b) {
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }
}
