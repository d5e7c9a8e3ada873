package dev.ragstore.core;

import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.error.QuotaExceededException;
import dev.ragstore.core.plan.NewPlan;
import dev.ragstore.core.plan.Plan;
import dev.ragstore.core.usage.UsageDelta;
import dev.ragstore.core.user.NewUser;
import dev.ragstore.core.user.Role;
import dev.ragstore.core.user.User;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UsageTest {

    @Test
    void consumesTokensUpToExactlyThePlanLimit() {
        try (RagStore store = RagStore.inMemory()) {
            Plan plan = store.admin().createPlan(NewPlan.builder().name("free")
                    .dailyTokenLimit(100).documentLimit(10).sessionLimit(10)
                    .monthlyPrice(BigDecimal.ZERO).build());
            User alice = store.admin().createUser(new NewUser("alice", null, "password-alice", "Alice", Role.USER, plan.id()));
            UserScope scope = store.forUser(alice.id());

            assertThat(scope.usage().tryConsumeTokens(60)).isTrue();
            assertThat(scope.usage().tryConsumeTokens(41)).isFalse();
            assertThat(scope.usage().tryConsumeTokens(40)).isTrue();
            assertThat(scope.usage().tryConsumeTokens(1)).isFalse();
            assertThatThrownBy(() -> scope.usage().consumeTokens(1))
                    .isInstanceOf(QuotaExceededException.class)
                    .hasMessage("daily tokens limit 100 of plan 'free' would be exceeded: used 100, requested 1; nothing was written")
                    .satisfies(e -> {
                        QuotaExceededException quota = (QuotaExceededException) e;
                        assertThat(quota.limit()).isEqualTo(100);
                        assertThat(quota.used()).isEqualTo(100);
                        assertThat(quota.requested()).isEqualTo(1);
                        assertThat(quota.plan()).contains("free");
                    });
            assertThat(scope.usage().today().tokens()).isEqualTo(100);
        }
    }

    @Test
    void aUserWithoutPlanHasNoLimitButUsageIsRecorded() {
        try (RagStore store = RagStore.inMemory()) {
            User alice = store.admin().createUser(NewUser.of("alice", "password-alice"));
            UserScope scope = store.forUser(alice.id());

            scope.usage().consumeTokens(1_000_000);
            assertThat(scope.usage().tryConsumeTokens(5)).isTrue();

            assertThat(scope.usage().today().tokens()).isEqualTo(1_000_005);
            assertThat(scope.profile().lifetimeTokens()).isEqualTo(1_000_005);
        }
    }

    @Test
    void rejectsNonPositiveTokensAndBadRanges() {
        try (RagStore store = RagStore.inMemory()) {
            User alice = store.admin().createUser(NewUser.of("alice", "password-alice"));
            UserScope scope = store.forUser(alice.id());
            LocalDate day = LocalDate.of(2024, 5, 1);

            assertThatThrownBy(() -> scope.usage().tryConsumeTokens(0))
                    .isInstanceOf(InvalidInputException.class).hasMessage("tokens must be > 0, but was 0");
            assertThatThrownBy(() -> scope.usage().range(day, day.minusDays(1)))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("usage range to must not be before from 2024-05-01");
            assertThatThrownBy(() -> scope.usage().range(day, day.plusDays(366)))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("must span at most 366 days");
            assertThat(scope.usage().range(day, day.plusDays(365))).isEmpty();
            assertThat(scope.usage().today().tokens()).isZero();
        }
    }

    @Test
    void recordedUsageAppearsInTheRangeAndTheAdminReport() {
        Instant now = Instant.parse("2024-05-01T23:59:59Z");
        try (RagStore store = RagStore.builder().clock(Clock.fixed(now, ZoneOffset.UTC)).build()) {
            User alice = store.admin().createUser(NewUser.of("alice", "password-alice"));
            UserScope scope = store.forUser(alice.id());

            scope.usage().record(new UsageDelta(7, 2, 0, 1));

            LocalDate today = LocalDate.of(2024, 5, 1);
            assertThat(scope.usage().range(today.minusDays(1), today.plusDays(1))).singleElement()
                    .satisfies(day -> {
                        assertThat(day.tokens()).isEqualTo(7);
                        assertThat(day.messages()).isEqualTo(2);
                        assertThat(day.sessions()).isEqualTo(1);
                    });
            assertThat(store.admin().usageReport(today, today)).extracting(d -> d.userId()).containsExactly(alice.id());
        }
    }
}
