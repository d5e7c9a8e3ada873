package dev.ragstore.testkit;

import dev.ragstore.core.ephemeral.RateLimit;
import dev.ragstore.core.ephemeral.RateLimitDecision;
import dev.ragstore.core.ephemeral.RateLimiter;
import dev.ragstore.core.user.UserId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Contract of the {@link RateLimiter}: a sliding window per (user, endpoint) whose decisions are
 * atomic, so 64 concurrent callers against a limit of 20 get exactly 20 permits with remaining
 * counts 19 down to 0; refusals take nothing, report no remaining permits and a retry-after
 * within the window after which a permit is indeed free again; users and endpoints are
 * independent; the endpoint name is checked.
 *
 * <p>Subclass it and implement {@link #newEphemeralStore()} (see {@link EphemeralContractSupport}).
 */
public abstract class RateLimiterContract extends EphemeralContractSupport {

    /** Threads of the race test. */
    protected static final int THREADS = 64;

    private RateLimiter limiter() {
        return ephemeral().rateLimiter();
    }

    private static UserId user() {
        return new UserId(UUID.randomUUID());
    }

    @Test
    void decisionsCountDownRemainingPermits() {
        UserId user = user();
        RateLimit limit = RateLimit.perMinute(3);

        List<RateLimitDecision> decisions = IntStream.range(0, 4)
                .mapToObj(i -> limiter().tryAcquire(user, "POST /chat", limit)).toList();

        assertThat(decisions).extracting(RateLimitDecision::allowed).containsExactly(true, true, true, false);
        assertThat(decisions).extracting(RateLimitDecision::remaining).containsExactly(2, 1, 0, 0);
        assertThat(decisions.subList(0, 3)).allSatisfy(d -> assertThat(d.retryAfter()).isEqualTo(Duration.ZERO));
        assertThat(decisions.get(3).retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void racingCallersGetExactlyTheLimit() {
        UserId user = user();
        RateLimit limit = RateLimit.perMinute(20);

        List<RateLimitDecision> decisions = Concurrently.run(THREADS, i -> () -> limiter().tryAcquire(user, "GET /search", limit));

        List<RateLimitDecision> allowed = decisions.stream().filter(RateLimitDecision::allowed).toList();
        assertThat(allowed).hasSize(20);
        assertThat(allowed).extracting(RateLimitDecision::remaining)
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 20).boxed().toList());
        assertThat(decisions.stream().filter(d -> !d.allowed())).hasSize(THREADS - 20).allSatisfy(d -> {
            assertThat(d.remaining()).isZero();
            assertThat(d.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(1));
        });
        assertThat(limiter().tryAcquire(user, "GET /search", limit).allowed()).isFalse();
    }

    @Test
    void usersAndEndpointsAreIndependent() {
        UserId user = user();
        UserId other = user();
        RateLimit limit = RateLimit.perMinute(2);
        limiter().tryAcquire(user, "POST /chat", limit);
        limiter().tryAcquire(user, "POST /chat", limit);
        assertThat(limiter().tryAcquire(user, "POST /chat", limit).allowed()).isFalse();

        RateLimitDecision otherEndpoint = limiter().tryAcquire(user, "POST /upload", limit);
        RateLimitDecision otherUser = limiter().tryAcquire(other, "POST /chat", limit);

        assertThat(otherEndpoint.allowed()).isTrue();
        assertThat(otherEndpoint.remaining()).isEqualTo(1);
        assertThat(otherUser.allowed()).isTrue();
        assertThat(otherUser.remaining()).isEqualTo(1);
    }

    @Test
    void windowSlidesAndRetryAfterIsWhenAPermitFreesUp() {
        UserId user = user();
        RateLimit limit = new RateLimit(2, Duration.ofSeconds(1));
        assertThat(limiter().tryAcquire(user, "GET /slide", limit).allowed()).isTrue();
        assertThat(limiter().tryAcquire(user, "GET /slide", limit).allowed()).isTrue();
        RateLimitDecision refused = limiter().tryAcquire(user, "GET /slide", limit);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(1));

        sleep(refused.retryAfter().plusMillis(100));
        RateLimitDecision again = limiter().tryAcquire(user, "GET /slide", limit);

        assertThat(again.allowed()).as("a permit after waiting retryAfter %s", refused.retryAfter()).isTrue();
        awaitTrue("the whole window slid past", () -> {
            RateLimitDecision d = limiter().tryAcquire(user, "GET /slide", limit);
            if (d.allowed()) {
                return true;
            }
            sleep(d.retryAfter());
            return false;
        });
    }

    @Test
    void refusalsTakeNothing() {
        UserId user = user();
        RateLimit limit = new RateLimit(1, Duration.ofSeconds(1));
        assertThat(limiter().tryAcquire(user, "GET /poll", limit).allowed()).isTrue();

        for (int i = 0; i < 20; i++) {
            assertThat(limiter().tryAcquire(user, "GET /poll", limit).allowed()).isFalse();
        }
        RateLimitDecision refused = limiter().tryAcquire(user, "GET /poll", limit);
        sleep(refused.retryAfter().plusMillis(100));

        assertThat(limiter().tryAcquire(user, "GET /poll", limit).allowed()).isTrue();
    }

    @Test
    void badEndpointNamesAreRejected() {
        UserId user = user();

        StoreContractSupport.assertInvalidInput(() -> limiter().tryAcquire(user, " ", RateLimit.perMinute(1)), "endpoint");
        StoreContractSupport.assertInvalidInput(() -> limiter().tryAcquire(user, "e".repeat(201), RateLimit.perMinute(1)),
                "endpoint", "200");
        assertThat(limiter().tryAcquire(user, "e".repeat(200), RateLimit.perMinute(1)).allowed()).isTrue();
    }
}
