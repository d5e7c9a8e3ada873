package dev.ragstore.redis;

import dev.ragstore.core.RagStore;
import dev.ragstore.testkit.ModelProfileContract;
import dev.ragstore.testkit.StoreOptions;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ModelProfile contract through the facade, with the Redis read-through cache over PostgreSQL:
 * updates and key rotations must invalidate the cached profile, links pass through.
 */
class RedisCachedPgModelProfileIT extends ModelProfileContract {

    @RegisterExtension
    static final CachedPgStores PG = new CachedPgStores("redis_pg_model_profile");

    @Override
    protected RagStore newStore(StoreOptions options) {
        return PG.newStore(getClass(), options, this::onClose);
    }
}
