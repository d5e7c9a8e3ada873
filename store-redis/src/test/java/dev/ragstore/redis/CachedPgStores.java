package dev.ragstore.redis;

import dev.ragstore.core.RagStore;
import dev.ragstore.postgres.PostgresStore;
import dev.ragstore.testkit.StoreOptions;
import dev.ragstore.testkit.fixture.ConnectionLeakCheck;
import dev.ragstore.testkit.fixture.PostgresFixture;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.function.Consumer;

/**
 * Facade stores for the facade contracts with PostgreSQL as the store of record: a PostgreSQL
 * schema of the test class (migrated before the first test, dropped after the last), each store
 * on its own pool, behind the Redis read-through cache on a fresh key prefix, with Redis as the
 * ephemeral store. Register it as a static field. The pools are named after a
 * {@link ConnectionLeakCheck}: a test that leaves a connection busy, or a class that leaves one
 * open, fails.
 */
final class CachedPgStores implements BeforeAllCallback, AfterTestExecutionCallback, AfterAllCallback {

    private final String prefix;
    private PostgresFixture fixture;
    private String schema;
    private ConnectionLeakCheck leaks;

    CachedPgStores(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        fixture = PostgresFixture.resolvePatiently();
        schema = fixture.createSchema(prefix);
        leaks = ConnectionLeakCheck.of(fixture, "test-" + prefix);
        postgres().migrateOnStart(true).build().close();
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        leaks.assertNoBusyConnections(context.getDisplayName());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (leaks != null) {
                leaks.assertNoConnections("the last test of " + context.getDisplayName());
            }
        } finally {
            if (leaks != null) {
                leaks.close();
            }
            if (fixture != null && schema != null) {
                fixture.dropSchema(schema);
            }
        }
    }

    /** A RagStore on a new PostgresStore of the schema behind the Redis cache, Redis as ephemeral store; closing it closes both. */
    RagStore newStore(Class<?> testClass, StoreOptions options, Consumer<AutoCloseable> onClose) {
        RedisStore redis = ContractStores.open(testClass, onClose).store();
        RedisCachedRelationalStore relational = RedisCachedRelationalStore.wrap(postgres().build(), redis);
        return options.applyTo(RagStore.builder().relationalStore(relational).ephemeralStore(redis)).build();
    }

    private PostgresStore.Builder postgres() {
        return PostgresStore.builder().jdbcUrl(fixture.jdbcUrl()).username(fixture.user()).password(fixture.password())
                .schema(schema).maximumPoolSize(4).poolName(leaks.applicationName()).migrateOnStart(false);
    }

}
