package dev.ragstore.redis;

import dev.ragstore.testkit.fixture.RedisFixture;

import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Stores for the contract subclasses: the Redis of {@link RedisFixture}, a fresh key prefix per
 * store, and the prefix's keys deleted after the test.
 */
final class ContractStores {

    private static RedisFixture fixture;

    private ContractStores() {
    }

    /** A store and the prefix it writes under. */
    record Opened(RedisStore store, String prefix) {
    }

    static synchronized RedisFixture fixture() {
        if (fixture == null) {
            fixture = RedisFixture.resolve();
        }
        return fixture;
    }

    static Opened open(Class<?> testClass, Consumer<AutoCloseable> onClose) {
        return open(testClass, onClose, UnaryOperator.identity());
    }

    static Opened open(Class<?> testClass, Consumer<AutoCloseable> onClose, UnaryOperator<RedisStore.Builder> settings) {
        String uri = fixture().uri();
        String prefix = fixture().newKeyPrefix(testClass);
        RedisStore store = settings.apply(RedisStore.builder().uri(uri).keyPrefix(prefix)).build();
        onClose.accept(() -> TestRedis.deletePrefix(uri, prefix));
        return new Opened(store, prefix);
    }
}
