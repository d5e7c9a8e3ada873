package dev.ragstore.redis;

import dev.ragstore.core.RagStore;
import dev.ragstore.core.memory.InMemoryRelationalStore;
import dev.ragstore.testkit.StoreOptions;

import java.util.function.Consumer;

/**
 * Facade stores for the facade contracts: the in-memory relational store behind the Redis
 * read-through cache, and Redis as the ephemeral store, on a fresh key prefix per store.
 */
final class CachedStores {

    private CachedStores() {
    }

    static RagStore newStore(Class<?> testClass, StoreOptions options, Consumer<AutoCloseable> onClose) {
        RedisStore redis = ContractStores.open(testClass, onClose).store();
        RedisCachedRelationalStore relational = RedisCachedRelationalStore.wrap(InMemoryRelationalStore.create(), redis);
        return options.applyTo(RagStore.builder().relationalStore(relational).ephemeralStore(redis)).build();
    }
}
