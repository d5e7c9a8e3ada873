package dev.ragstore.redis;

import dev.ragstore.core.RagStore;
import dev.ragstore.testkit.AdminReadContract;
import dev.ragstore.testkit.StoreOptions;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The AdminRead contract through the facade, with the Redis read-through cache over PostgreSQL and Redis as ephemeral store. */
class RedisCachedPgAdminReadIT extends AdminReadContract {

    @RegisterExtension
    static final CachedPgStores PG = new CachedPgStores("redis_pg_admin_read");

    @Override
    protected RagStore newStore(StoreOptions options) {
        return PG.newStore(getClass(), options, this::onClose);
    }
}
