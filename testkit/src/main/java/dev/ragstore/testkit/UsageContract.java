package dev.ragstore.testkit;

import dev.ragstore.core.UserScope;
import dev.ragstore.core.error.QuotaExceededException;
import dev.ragstore.core.plan.NewPlan;
import dev.ragstore.core.plan.Plan;
import dev.ragstore.core.usage.UsageDay;
import dev.ragstore.core.usage.UsageDelta;
import dev.ragstore.core.user.UserId;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Contract of usage metering and token quotas ({@link UserScope#usage()}): daily counters per
 * UTC day of the store's clock, exact ranges and admin reports, and a daily token quota whose
 * check and consumption are one atomic step: consuming exactly up to the limit succeeds, one
 * token more is refused with nothing consumed, a user without a plan has no limit, the next day
 * starts from zero, and 64 threads racing for the same allowance never consume a token more than
 * the limit.
 *
 * <p>Subclass it and implement {@link #newStore(StoreOptions)} (see {@link StoreContractSupport});
 * days are moved with {@link #clock}, so the store must take its time from the options' clock.
 */
public abstract class UsageContract extends StoreContractSupport {

    /** Threads of the race tests. */
    protected static final int THREADS = 64;

    private UserScope scopeWithLimit(long dailyTokenLimit) {
        Plan plan = store().admin().createPlan(NewPlan.builder().name(unique("quota"))
                .dailyTokenLimit(dailyTokenLimit).documentLimit(100).sessionLimit(100)
                .monthlyPrice(BigDecimal.ZERO).build());
        return store().forUser(newUser(store(), plan.id()));
    }

    @Test
    void newUserHasAnAllZeroToday() {
        UserScope scope = newScope();

        assertThat(scope.usage().today()).isEqualTo(UsageDay.empty(scope.userId(), clock.today()));
        assertThat(scope.usage().range(clock.today().minusDays(30), clock.today())).isEmpty();
    }

    /** Issue 18, finding 15: every adapter refuses a counter past 2^63 - 1 the same way. */
    @Test
    void aCounterThatWouldPassTheLongRangeIsAConflictAndNothingIsWritten() {
        UserScope scope = newScope();
        scope.usage().record(new UsageDelta(Long.MAX_VALUE - 10, Long.MAX_VALUE, 0, 0));
        dev.ragstore.core.usage.UsageDay before = scope.usage().today();
        long lifetime = scope.profile().lifetimeTokens();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> scope.usage().record(UsageDelta.tokens(11)))
                .isInstanceOfSatisfying(dev.ragstore.core.error.ConflictException.class,
                        e -> assertThat(e.rule()).isEqualTo("counter.range"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> scope.usage().record(new UsageDelta(0, 1, 0, 0)))
                .isInstanceOfSatisfying(dev.ragstore.core.error.ConflictException.class,
                        e -> assertThat(e.rule()).isEqualTo("counter.range"));
        assertThat(scope.usage().today()).isEqualTo(before);
        assertThat(scope.profile().lifetimeTokens()).isEqualTo(lifetime);

        scope.usage().record(UsageDelta.tokens(10));
        assertThat(scope.usage().today().tokens()).isEqualTo(Long.MAX_VALUE);
        assertThat(scope.profile().lifetimeTokens()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void recordAddsToTodaysCounters() {
        UserScope scope = newScope();

        UsageDay first = scope.usage().record(new UsageDelta(100, 2, 1, 1));
        UsageDay second = scope.usage().record(new UsageDelta(50, 1, 0, 0));

        assertThat(first).isEqualTo(new UsageDay(scope.userId(), clock.today(), 100, 2, 1, 1));
        assertThat(second).isEqualTo(new UsageDay(scope.userId(), clock.today(), 150, 3, 1, 1));
        assertThat(scope.usage().today()).isEqualTo(second);
    }

    @Test
    void rangeReturnsDaysWithUsageOldestFirst() {
        UserScope scope = newScope();
        LocalDate first = clock.today();
        scope.usage().record(new UsageDelta(10, 1, 0, 0));
        clock.advance(Duration.ofDays(2));
        LocalDate third = clock.today();
        scope.usage().record(new UsageDelta(30, 3, 1, 0));

        assertThat(scope.usage().range(first, third)).containsExactly(
                new UsageDay(scope.userId(), first, 10, 1, 0, 0),
                new UsageDay(scope.userId(), third, 30, 3, 1, 0));
        assertThat(scope.usage().range(first.plusDays(1), third)).containsExactly(
                new UsageDay(scope.userId(), third, 30, 3, 1, 0));
        assertThat(scope.usage().range(first.plusDays(1), first.plusDays(1))).isEmpty();
        assertThat(scope.usage().today()).isEqualTo(new UsageDay(scope.userId(), third, 30, 3, 1, 0));
        assertInvalidInput(() -> scope.usage().range(third, first), "range", third.toString());
    }

    @Test
    void adminReportListsEveryUsersDaysByDayThenUser() {
        UserScope first = newScope();
        UserScope second = newScope();
        LocalDate day = clock.today();
        first.usage().record(new UsageDelta(5, 1, 0, 0));
        second.usage().record(new UsageDelta(7, 0, 1, 0));
        clock.advance(Duration.ofDays(1));
        first.usage().record(new UsageDelta(9, 0, 0, 1));
        List<UserId> mine = List.of(first.userId(), second.userId());

        List<UsageDay> report = store().admin().usageReport(day, day.plusDays(1)).stream()
                .filter(d -> mine.contains(d.userId())).toList();

        UsageDay firstDayOne = new UsageDay(first.userId(), day, 5, 1, 0, 0);
        UsageDay secondDayOne = new UsageDay(second.userId(), day, 7, 0, 1, 0);
        List<UsageDay> dayOne = compareIds(first.userId().value(), second.userId().value()) < 0
                ? List.of(firstDayOne, secondDayOne) : List.of(secondDayOne, firstDayOne);
        assertThat(report).hasSize(3);
        assertThat(report.subList(0, 2)).containsExactlyElementsOf(dayOne);
        assertThat(report.get(2)).isEqualTo(new UsageDay(first.userId(), day.plusDays(1), 9, 0, 0, 1));
    }

    /** The quota edges, each row on a fresh user whose plan allows 100 tokens a day. */
    @TestFactory
    Stream<DynamicTest> quotaEdges() {
        return Stream.of(
                edge("exactly the limit at once is allowed", new long[] {100}, new boolean[] {true}, 100),
                edge("one more than the limit at once is refused", new long[] {101}, new boolean[] {false}, 0),
                edge("filling up to the limit then one more", new long[] {60, 40, 1}, new boolean[] {true, true, false}, 100),
                edge("a refusal consumes nothing", new long[] {60, 41, 40}, new boolean[] {true, false, true}, 100),
                edge("one token under the limit then two", new long[] {99, 2, 1}, new boolean[] {true, false, true}, 100));
    }

    private DynamicTest edge(String name, long[] requests, boolean[] expected, long tokensAfter) {
        return DynamicTest.dynamicTest(name, () -> {
            UserScope scope = scopeWithLimit(100);
            for (int i = 0; i < requests.length; i++) {
                assertThat(scope.usage().tryConsumeTokens(requests[i])).as("request %d of %d tokens", i, requests[i])
                        .isEqualTo(expected[i]);
            }
            assertThat(scope.usage().today().tokens()).isEqualTo(tokensAfter);
        });
    }

    @Test
    void zeroLimitRefusesEveryToken() {
        UserScope scope = scopeWithLimit(0);

        assertThat(scope.usage().tryConsumeTokens(1)).isFalse();
        assertThat(scope.usage().today().tokens()).isZero();
    }

    @Test
    void userWithoutAPlanHasNoLimit() {
        UserScope scope = newScope();

        assertThat(scope.usage().tryConsumeTokens(5_000_000_000L)).isTrue();
        scope.usage().consumeTokens(1);

        assertThat(scope.usage().today().tokens()).isEqualTo(5_000_000_001L);
    }

    @Test
    void consumeTokensOverTheLimitThrowsWithLimitUsageAndRequest() {
        UserScope scope = scopeWithLimit(100);
        scope.usage().consumeTokens(90);

        assertThatThrownBy(() -> scope.usage().consumeTokens(20))
                .isInstanceOfSatisfying(QuotaExceededException.class, e -> {
                    assertThat(e.limit()).isEqualTo(100);
                    assertThat(e.used()).isEqualTo(90);
                    assertThat(e.requested()).isEqualTo(20);
                    assertThat(e.quota()).isEqualTo("daily tokens");
                })
                .hasMessageContainingAll("100", "90", "20");
        assertThat(scope.usage().today().tokens()).isEqualTo(90);
        scope.usage().consumeTokens(10);
        assertThat(scope.usage().today().tokens()).isEqualTo(100);
    }

    @Test
    void nonPositiveTokenCountsAreRejected() {
        UserScope scope = scopeWithLimit(100);

        assertInvalidInput(() -> scope.usage().tryConsumeTokens(-1), "tokens", "-1");
        assertInvalidInput(() -> scope.usage().consumeTokens(-5), "tokens", "-5");
        assertThat(scope.usage().today().tokens()).isZero();
    }

    @Test
    void theNextDayStartsFromZero() {
        UserScope scope = scopeWithLimit(100);
        assertThat(scope.usage().tryConsumeTokens(100)).isTrue();
        assertThat(scope.usage().tryConsumeTokens(1)).isFalse();

        clock.advance(Duration.ofDays(1));

        assertThat(scope.usage().tryConsumeTokens(100)).isTrue();
        assertThat(scope.usage().today().tokens()).isEqualTo(100);
        assertThat(scope.usage().range(clock.today().minusDays(1), clock.today())).extracting(UsageDay::tokens)
                .containsExactly(100L, 100L);
    }

    @Test
    void racingConsumersNeverPassTheLimit() {
        long limit = 500;
        int attemptsPerThread = 10;
        UserScope scope = scopeWithLimit(limit);

        List<Integer> granted = Concurrently.run(THREADS, thread -> () -> {
            int mine = 0;
            for (int i = 0; i < attemptsPerThread; i++) {
                if (scope.usage().tryConsumeTokens(1)) {
                    mine++;
                }
            }
            return mine;
        });

        assertThat(granted.stream().mapToLong(Integer::longValue).sum()).isEqualTo(limit);
        assertThat(scope.usage().today().tokens()).isEqualTo(limit);
    }

    @Test
    void racingConsumersUnderTheLimitAreAllGranted() {
        int attemptsPerThread = 10;
        UserScope scope = scopeWithLimit(10_000);

        List<Integer> granted = Concurrently.run(THREADS, thread -> () -> {
            int mine = 0;
            for (int i = 0; i < attemptsPerThread; i++) {
                if (scope.usage().tryConsumeTokens(3)) {
                    mine += 3;
                }
            }
            return mine;
        });

        assertThat(granted.stream().mapToLong(Integer::longValue).sum()).isEqualTo(THREADS * attemptsPerThread * 3L);
        assertThat(scope.usage().today().tokens()).isEqualTo(THREADS * attemptsPerThread * 3L);
    }

    @Test
    void racingRecordsLoseNoUpdate() {
        UserScope scope = newScope();

        Concurrently.run(THREADS, thread -> () -> {
            for (int i = 0; i < 10; i++) {
                scope.usage().record(new UsageDelta(2, 1, 0, 0));
            }
            return null;
        });

        assertThat(scope.usage().today()).isEqualTo(new UsageDay(scope.userId(), clock.today(), THREADS * 20L,
                THREADS * 10L, 0, 0));
    }
}
