package dev.ragstore.redis;

import dev.ragstore.core.RagStore;
import dev.ragstore.testkit.ChatContract;
import dev.ragstore.testkit.StoreOptions;

/** The Chat contract through the facade, with the Redis read-through cache over the in-memory store and Redis as ephemeral store. */
class RedisCachedChatIT extends ChatContract {

    @Override
    protected RagStore newStore(StoreOptions options) {
        return CachedStores.newStore(getClass(), options, this::onClose);
    }
}
