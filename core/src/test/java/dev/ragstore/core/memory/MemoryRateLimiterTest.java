package dev.ragstore.core.memory;

import dev.ragstore.core.ephemeral.RateLimit;
import dev.ragstore.core.ephemeral.RateLimitDecision;
import dev.ragstore.core.ephemeral.RateLimiter;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.user.UserId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MemoryRateLimiterTest {

    private static final RateLimit THREE_PER_MINUTE = RateLimit.perMinute(3);

    private final MutableClock clock = MutableClock.atEpochDay();
    private final RateLimiter limiter = InMemoryEphemeralStore.create(clock).rateLimiter();
    private final UserId user = new UserId(UUID.randomUUID());

    @Test
    void allowsThePermitsOfTheWindowThenRefusesWithTheTimeUntilTheOldestExpires() {
        assertThat(limiter.tryAcquire(user, "POST /chat", THREE_PER_MINUTE)).isEqualTo(new RateLimitDecision(true, 2, Duration.ZERO));
        clock.advance(Duration.ofSeconds(10));
        assertThat(limiter.tryAcquire(user, "POST /chat", THREE_PER_MINUTE).remaining()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(10));
        assertThat(limiter.tryAcquire(user, "POST /chat", THREE_PER_MINUTE).remaining()).isZero();

        RateLimitDecision refused = limiter.tryAcquire(user, "POST /chat", THREE_PER_MINUTE);
        assertThat(refused).isEqualTo(new RateLimitDecision(false, 0, Duration.ofSeconds(40)));
    }

    @Test
    void slidesTheWindowPermitByPermit() {
        limiter.tryAcquire(user, "e", THREE_PER_MINUTE);
        clock.advance(Duration.ofSeconds(30));
        limiter.tryAcquire(user, "e", THREE_PER_MINUTE);
        limiter.tryAcquire(user, "e", THREE_PER_MINUTE);

        clock.advance(Duration.ofSeconds(30).minusMillis(1));
        assertThat(limiter.tryAcquire(user, "e", THREE_PER_MINUTE).retryAfter()).isEqualTo(Duration.ofMillis(1));
        clock.advance(Duration.ofMillis(1));
        assertThat(limiter.tryAcquire(user, "e", THREE_PER_MINUTE)).isEqualTo(new RateLimitDecision(true, 0, Duration.ZERO));
        assertThat(limiter.tryAcquire(user, "e", THREE_PER_MINUTE).retryAfter()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void countsEachUserAndEndpointSeparately() {
        RateLimit one = RateLimit.perMinute(1);
        assertThat(limiter.tryAcquire(user, "a", one).allowed()).isTrue();
        assertThat(limiter.tryAcquire(user, "a", one).allowed()).isFalse();
        assertThat(limiter.tryAcquire(user, "b", one).allowed()).isTrue();
        assertThat(limiter.tryAcquire(new UserId(UUID.randomUUID()), "a", one).allowed()).isTrue();
    }

    @Test
    void allowsExactlyTheLimitAmongConcurrentCallers() throws Exception {
        RateLimit limit = new RateLimit(50, Duration.ofMinutes(5));
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Callable<Boolean>> calls = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            calls.add(() -> limiter.tryAcquire(user, "hot", limit).allowed());
        }
        int allowed = 0;
        for (Future<Boolean> result : pool.invokeAll(calls)) {
            allowed += result.get() ? 1 : 0;
        }
        pool.shutdown();
        assertThat(allowed).isEqualTo(50);
    }

    @Test
    void rejectsABlankLongOrControlCharacterEndpoint() {
        assertThatThrownBy(() -> limiter.tryAcquire(user, "", THREE_PER_MINUTE))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("rate limit endpoint");
        assertThatThrownBy(() -> limiter.tryAcquire(user, "x".repeat(201), THREE_PER_MINUTE))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("at most 200");
        assertThatThrownBy(() -> limiter.tryAcquire(user, "a\nb", THREE_PER_MINUTE))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("control characters");
        assertThat(limiter.tryAcquire(user, "x".repeat(200), THREE_PER_MINUTE).allowed()).isTrue();
    }
}
