package dev.ragstore.redis;

import dev.ragstore.core.ephemeral.Cache;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.redis.internal.Invalidation;
import dev.ragstore.redis.internal.RedisErrors;
import io.lettuce.core.SetArgs;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The generic cache port as {@code cache:<key>} strings with a TTL (positive, at most 100 years;
 * rounded up to whole milliseconds). Any key is allowed. Never throws for Redis
 * failures: while Redis is down reads miss and writes are dropped, and an invalidation that
 * cannot reach Redis is replayed when it returns (before this process reads the cache again).
 */
final class RedisCache implements Cache {

    private static final Duration MAX_TTL = Duration.ofDays(36_500);

    private final RedisParts redis;

    RedisCache(RedisParts redis) {
        this.redis = redis;
    }

    @Override
    public Optional<String> get(String key) {
        Objects.requireNonNull(key, "key");
        if (!redis.monitor().isUp()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(redis.commands().get(redis.keys().cache(key)));
        } catch (RuntimeException failure) {
            report("cache get", failure);
            return Optional.empty();
        }
    }

    @Override
    public void put(String key, String value, Duration ttl) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw InvalidInputException.of("cache ttl", "must be positive", ttl);
        }
        if (ttl.compareTo(MAX_TTL) > 0) {
            throw InvalidInputException.of("cache ttl", "must be at most 36500 days", ttl);
        }
        // Redis expires in whole milliseconds; round a sub-millisecond remainder up, never to zero.
        long millis = ttl.toMillis() + (ttl.minusMillis(ttl.toMillis()).isZero() ? 0 : 1);
        if (!redis.monitor().isUp()) {
            return;
        }
        try {
            redis.commands().set(redis.keys().cache(key), value, SetArgs.Builder.px(millis));
        } catch (RuntimeException failure) {
            report("cache put", failure);
        }
    }

    @Override
    public void invalidate(String key) {
        Objects.requireNonNull(key, "key");
        redis.monitor().invalidate(Invalidation.delete(redis.keys().cache(key)));
    }

    private void report(String operation, RuntimeException failure) {
        if (!RedisErrors.isRedisFailure(failure)) {
            throw failure;
        }
        redis.monitor().failed(operation, failure);
    }

}
