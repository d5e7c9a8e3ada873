package dev.ragstore.redis;

import dev.ragstore.core.RagStore;
import dev.ragstore.testkit.AccountFlowsContract;
import dev.ragstore.testkit.StoreOptions;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The AccountFlows contract through the facade, with the Redis read-through cache over PostgreSQL and Redis as ephemeral store. */
class RedisCachedPgAccountFlowsIT extends AccountFlowsContract {

    @RegisterExtension
    static final CachedPgStores PG = new CachedPgStores("redis_pg_account_flows");

    @Override
    protected RagStore newStore(StoreOptions options) {
        return PG.newStore(getClass(), options, this::onClose);
    }
}
