package dev.ragstore.redis;

import dev.ragstore.core.RagStore;
import dev.ragstore.testkit.AuditLogContract;
import dev.ragstore.testkit.StoreOptions;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The AuditLog contract through the facade, with the Redis read-through cache over PostgreSQL and Redis as ephemeral store. */
class RedisCachedPgAuditLogIT extends AuditLogContract {

    @RegisterExtension
    static final CachedPgStores PG = new CachedPgStores("redis_pg_audit_log");

    @Override
    protected RagStore newStore(StoreOptions options) {
        return PG.newStore(getClass(), options, this::onClose);
    }
}
