package dev.ragstore.redis;

import dev.ragstore.core.RagStore;
import dev.ragstore.testkit.SearchFilterContract;
import dev.ragstore.testkit.StoreOptions;

/** The search filter contract (the whole filter semantics table) through the facade, with the Redis read-through cache over the in-memory store and Redis as ephemeral store. */
class RedisCachedSearchFilterIT extends SearchFilterContract {

    @Override
    protected RagStore newStore(StoreOptions options) {
        return CachedStores.newStore(getClass(), options, this::onClose);
    }
}
