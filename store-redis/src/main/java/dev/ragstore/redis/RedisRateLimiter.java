package dev.ragstore.redis;

import dev.ragstore.core.ephemeral.RateLimit;
import dev.ragstore.core.ephemeral.RateLimitDecision;
import dev.ragstore.core.ephemeral.RateLimiter;
import dev.ragstore.core.error.StoreUnavailableException;
import dev.ragstore.core.user.UserId;
import dev.ragstore.redis.internal.Inputs;
import dev.ragstore.redis.internal.LuaScript;
import io.lettuce.core.ScriptOutputType;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A sliding-window log per (user, endpoint) in the sorted set {@code rate_limit:{user}:<endpoint>}:
 * one member per granted request, scored by the Redis server time in microseconds. One Lua script
 * prunes the window, counts, and admits or refuses in a single atomic round trip, so N concurrent
 * callers with limit L get exactly min(N, L) permits. A permit counts while its age is below the
 * window length; a refusal takes nothing; {@code retryAfter} is the time until enough permits
 * have aged out for one more (the semantics of the in-memory adapter). Memory per key is at most {@code permits} members; the key
 * expires one window after its last grant. While the store knows Redis is down, decisions follow
 * the {@link RateLimiterOutageMode} at once, without waiting for Redis.
 */
final class RedisRateLimiter implements RateLimiter {

    private static final Duration OUTAGE_RETRY_AFTER = Duration.ofSeconds(1);

    private static final LuaScript ACQUIRE = LuaScript.of("""
            local limit = tonumber(ARGV[1])
            local window = tonumber(ARGV[2])
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
            local used = redis.call('ZCARD', KEYS[1])
            if used < limit then
              redis.call('ZADD', KEYS[1], now, ARGV[3])
              redis.call('PEXPIRE', KEYS[1], math.ceil(window / 1000))
              return {1, limit - used - 1, 0}
            end
            -- the permit whose expiry brings the count below the limit (the oldest, unless the limit shrank)
            local freeing = redis.call('ZRANGE', KEYS[1], used - limit, used - limit, 'WITHSCORES')
            local wait = tonumber(freeing[2]) + window - now
            if wait < 1 then wait = 1 end
            return {0, 0, wait}
            """, ScriptOutputType.MULTI);

    private final RedisParts redis;
    private final RateLimiterOutageMode outageMode;
    private final String instanceNonce;
    private final AtomicLong sequence = new AtomicLong();

    RedisRateLimiter(RedisParts redis, RateLimiterOutageMode outageMode) {
        this.redis = redis;
        this.outageMode = outageMode;
        byte[] nonce = new byte[8];
        new SecureRandom().nextBytes(nonce);
        this.instanceNonce = HexFormat.of().formatHex(nonce);
    }

    @Override
    public RateLimitDecision tryAcquire(UserId userId, String endpoint, RateLimit limit) {
        Objects.requireNonNull(userId, "userId");
        Inputs.name("rate limit endpoint", endpoint);
        Objects.requireNonNull(limit, "limit");
        if (!redis.monitor().isUp()) {
            // Known outage: answer at once instead of making every request wait for a stalled server.
            return outageDecision(limit);
        }
        // Unique per request across processes: members of one sorted set must never collide.
        String member = instanceNonce + ":" + sequence.incrementAndGet();
        long windowMicros = limit.window().toNanos() / 1_000;
        try {
            List<Object> reply = redis.call("rate limit check", () -> ACQUIRE.run(redis.commands(),
                    new String[] {redis.keys().rateLimit(userId, endpoint)},
                    Integer.toString(limit.permits()), Long.toString(windowMicros), member));
            boolean allowed = (Long) reply.get(0) == 1L;
            int remaining = (int) Math.max(0, (Long) reply.get(1));
            Duration retryAfter = allowed ? Duration.ZERO : Duration.ofNanos((Long) reply.get(2) * 1_000);
            return new RateLimitDecision(allowed, remaining, retryAfter);
        } catch (StoreUnavailableException outage) {
            return outageDecision(limit);
        }
    }

    private RateLimitDecision outageDecision(RateLimit limit) {
        return outageMode == RateLimiterOutageMode.FAIL_OPEN
                ? new RateLimitDecision(true, limit.permits() - 1, Duration.ZERO)
                : new RateLimitDecision(false, 0, OUTAGE_RETRY_AFTER);
    }
}
