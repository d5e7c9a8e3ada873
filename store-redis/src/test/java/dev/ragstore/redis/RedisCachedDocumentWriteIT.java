package dev.ragstore.redis;

import dev.ragstore.core.RagStore;
import dev.ragstore.testkit.DocumentWriteContract;
import dev.ragstore.testkit.StoreOptions;

/** The document-write contract through the facade, with the Redis read-through cache over the in-memory store and Redis as ephemeral store. */
class RedisCachedDocumentWriteIT extends DocumentWriteContract {

    @Override
    protected RagStore newStore(StoreOptions options) {
        return CachedStores.newStore(getClass(), options, this::onClose);
    }
}
