package dev.ragstore.redis;

import dev.ragstore.core.RagStore;
import dev.ragstore.testkit.SearchReadsContract;
import dev.ragstore.testkit.StoreOptions;

/** The search reads contract through the facade, with the Redis read-through cache over the in-memory store and Redis as ephemeral store. */
class RedisCachedSearchReadsIT extends SearchReadsContract {

    @Override
    protected RagStore newStore(StoreOptions options) {
        return CachedStores.newStore(getClass(), options, this::onClose);
    }
}
