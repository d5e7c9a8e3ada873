package dev.ragstore.redis;

import dev.ragstore.core.RagStore;
import dev.ragstore.testkit.MessageEditContract;
import dev.ragstore.testkit.StoreOptions;

/** The MessageEdit contract through the facade, with the Redis read-through cache over the in-memory store and Redis as ephemeral store. */
class RedisCachedMessageEditIT extends MessageEditContract {

    @Override
    protected RagStore newStore(StoreOptions options) {
        return CachedStores.newStore(getClass(), options, this::onClose);
    }
}
