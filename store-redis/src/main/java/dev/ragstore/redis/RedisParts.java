package dev.ragstore.redis;

import dev.ragstore.core.error.StoreUnavailableException;
import dev.ragstore.redis.internal.KeySpace;
import dev.ragstore.redis.internal.OutageMonitor;
import dev.ragstore.redis.internal.RedisErrors;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

import java.util.function.Supplier;

/** What the port implementations of one {@link RedisStore} share. */
record RedisParts(RedisClusterCommands<String, String> commands, KeySpace keys, RedisErrors errors, OutageMonitor monitor) {

    /**
     * Runs a Redis call of {@code operation}; a Redis failure is reported to the monitor (one WARN
     * per outage) and thrown as a retryable {@link StoreUnavailableException}.
     */
    <T> T call(String operation, Supplier<T> body) {
        try {
            return body.get();
        } catch (RuntimeException failure) {
            if (!RedisErrors.isRedisFailure(failure)) {
                throw failure;
            }
            StoreUnavailableException translated = errors.translate(operation, failure);
            monitor.failed(operation, translated);
            throw translated;
        }
    }
}
