package dev.ragstore.core.memory;

import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.usage.UsageDay;
import dev.ragstore.core.usage.UsageDelta;
import dev.ragstore.core.user.UserId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MemoryUsageTest {

    private final Fixtures fixtures = new Fixtures();
    private final InMemoryRelationalStore store = InMemoryRelationalStore.create();
    private UserId alice;
    private UserId bob;

    @BeforeEach
    void users() {
        alice = store.users().insert(fixtures.user("alice")).id();
        bob = store.users().insert(fixtures.user("bob")).id();
    }

    @Test
    void readsAnUnrecordedDayAsZeros() {
        assertThat(store.usage().find(alice, Fixtures.DAY)).isEqualTo(UsageDay.empty(alice, Fixtures.DAY));
        assertThat(store.usage().range(alice, Fixtures.DAY, Fixtures.DAY)).isEmpty();
    }

    @Test
    void recordsDeltasAndLifetimeTokens() {
        store.usage().record(alice, Fixtures.DAY, new UsageDelta(5, 1, 2, 3));
        UsageDay day = store.usage().record(alice, Fixtures.DAY, UsageDelta.tokens(5));

        assertThat(day).isEqualTo(new UsageDay(alice, Fixtures.DAY, 10, 1, 2, 3));
        assertThat(store.users().findById(alice).orElseThrow().lifetimeTokens()).isEqualTo(10);
    }

    @Test
    void rejectsUsageOfAnUnknownUser() {
        UserId ghost = new UserId(UUID.randomUUID());
        assertThatThrownBy(() -> store.usage().record(ghost, Fixtures.DAY, UsageDelta.tokens(1)))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("user '" + ghost + "'");
        assertThatThrownBy(() -> store.usage().tryConsumeTokens(ghost, Fixtures.DAY, 1, 10))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void consumesUpToTheLimitAndNotBeyond() {
        assertThat(store.usage().tryConsumeTokens(alice, Fixtures.DAY, 60, 100)).isTrue();
        assertThat(store.usage().tryConsumeTokens(alice, Fixtures.DAY, 41, 100)).isFalse();
        assertThat(store.usage().tryConsumeTokens(alice, Fixtures.DAY, 40, 100)).isTrue();
        assertThat(store.usage().tryConsumeTokens(alice, Fixtures.DAY, Long.MAX_VALUE, 100)).isFalse();
        assertThat(store.usage().find(alice, Fixtures.DAY).tokens()).isEqualTo(100);
        assertThat(store.users().findById(alice).orElseThrow().lifetimeTokens()).isEqualTo(100);
    }

    @Test
    void neverPassesTheLimitUnderConcurrentConsumers() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Callable<Boolean>> calls = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            calls.add(() -> store.usage().tryConsumeTokens(alice, Fixtures.DAY, 7, 1_000));
        }
        long granted = 0;
        for (Future<Boolean> result : pool.invokeAll(calls)) {
            granted += result.get() ? 1 : 0;
        }
        pool.shutdown();

        assertThat(granted).isEqualTo(1_000 / 7);
        assertThat(store.usage().find(alice, Fixtures.DAY).tokens()).isEqualTo(7 * (1_000 / 7));
    }

    @Test
    void reportsDaysWithUsageByDayThenUser() {
        store.usage().record(bob, Fixtures.DAY.plusDays(1), UsageDelta.tokens(1));
        store.usage().record(alice, Fixtures.DAY.plusDays(1), UsageDelta.tokens(2));
        store.usage().record(bob, Fixtures.DAY, UsageDelta.tokens(3));
        store.usage().record(alice, Fixtures.DAY.plusDays(5), UsageDelta.tokens(4));
        store.usage().record(alice, Fixtures.DAY.plusDays(2), new UsageDelta(0, 0, 0, 0));

        assertThat(store.usage().report(Fixtures.DAY, Fixtures.DAY.plusDays(2)))
                .extracting(UsageDay::tokens).containsExactly(3L, 2L, 1L);
        assertThat(store.usage().range(alice, Fixtures.DAY, Fixtures.DAY.plusDays(5)))
                .extracting(UsageDay::tokens).containsExactly(2L, 4L);
        assertThat(store.usage().range(alice, Fixtures.DAY.plusDays(5), Fixtures.DAY)).isEmpty();
    }
}
