package dev.ragstore.redis;

import dev.ragstore.core.RagStore;
import dev.ragstore.testkit.KnowledgeBaseTrashContract;
import dev.ragstore.testkit.StoreOptions;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The knowledge-base trash contract through the facade, with the Redis read-through cache over
 * PostgreSQL (cached knowledge bases and model profiles must follow soft delete, restore and purge).
 */
class RedisCachedKnowledgeBaseTrashIT extends KnowledgeBaseTrashContract {

    @RegisterExtension
    static final CachedPgStores PG = new CachedPgStores("redis_pg_trash");

    @Override
    protected RagStore newStore(StoreOptions options) {
        return PG.newStore(getClass(), options, this::onClose);
    }
}
