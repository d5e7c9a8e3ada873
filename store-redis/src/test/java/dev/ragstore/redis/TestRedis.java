package dev.ragstore.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

/** The shared Redis of the integration tests ({@code RAGSTORE_REDIS_URL}, else 127.0.0.1:6379) and per-class prefixes. */
final class TestRedis {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TestRedis() {
    }

    static String uri() {
        String fromEnv = System.getenv("RAGSTORE_REDIS_URL");
        return fromEnv == null || fromEnv.isBlank() ? "redis://127.0.0.1:6379" : fromEnv;
    }

    /** A prefix no other test class uses, e.g. {@code it-locks-3f9a1c2e:}. */
    static String uniquePrefix(String label) {
        byte[] bytes = new byte[4];
        RANDOM.nextBytes(bytes);
        return "it-" + label + "-" + HexFormat.of().formatHex(bytes) + ":";
    }

    /** A store on the shared Redis under {@code prefix}; fails with a hint when Redis is not running. */
    static RedisStore store(String prefix) {
        return builder(prefix).build();
    }

    static RedisStore.Builder builder(String prefix) {
        return RedisStore.builder().uri(uri()).keyPrefix(prefix);
    }

    /** Runs {@code body} with raw commands on the shared Redis (for inspecting keys). */
    static void raw(Consumer<RedisCommands<String, String>> body) {
        raw(uri(), body);
    }

    static void raw(String uri, Consumer<RedisCommands<String, String>> body) {
        RedisURI parsed = RedisURI.create(uri);
        parsed.setTimeout(Duration.ofSeconds(10));
        RedisClient client = RedisClient.create(parsed);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            body.accept(connection.sync());
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    /** Deletes every key under {@code prefix} on the shared Redis. */
    static void deletePrefix(String prefix) {
        deletePrefix(uri(), prefix);
    }

    /** Deletes every key under {@code prefix} on the Redis at {@code uri}. */
    static void deletePrefix(String uri, String prefix) {
        raw(uri, redis -> {
            List<String> keys = new ArrayList<>();
            ScanIterator.scan(redis, ScanArgs.Builder.matches(prefix + "*").limit(1000)).forEachRemaining(keys::add);
            for (int from = 0; from < keys.size(); from += 500) {
                redis.unlink(keys.subList(from, Math.min(keys.size(), from + 500)).toArray(String[]::new));
            }
        });
    }
}
