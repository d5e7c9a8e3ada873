package dev.ragstore.redis;

import dev.ragstore.core.RagStore;
import dev.ragstore.testkit.MessageEditContract;
import dev.ragstore.testkit.StoreOptions;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The MessageEdit contract through the facade, with the Redis read-through cache over PostgreSQL and Redis as ephemeral store. */
class RedisCachedPgMessageEditIT extends MessageEditContract {

    @RegisterExtension
    static final CachedPgStores PG = new CachedPgStores("redis_pg_message_edit");

    @Override
    protected RagStore newStore(StoreOptions options) {
        return PG.newStore(getClass(), options, this::onClose);
    }
}
