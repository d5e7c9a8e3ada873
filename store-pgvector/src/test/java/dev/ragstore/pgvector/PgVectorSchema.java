package dev.ragstore.pgvector;

import dev.ragstore.core.RagStore;
import dev.ragstore.postgres.PostgresStore;
import dev.ragstore.testkit.StoreOptions;
import dev.ragstore.testkit.fixture.ConnectionLeakCheck;
import dev.ragstore.testkit.fixture.PostgresFixture;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * Gives a test class its own PostgreSQL schema with store-postgres's tables and the pgvector
 * registry, a {@link PostgresStore} on it (with the pgvector extension installed) for the whole
 * class, and a schema drop after the last test. Indexes with other options live on stores of
 * their own, closed after the test that made them (or after the class, when made outside a test).
 * Register it as a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final PgVectorSchema PG = new PgVectorSchema("vector_contract");
 * }</pre>
 *
 * Every store's pool is named after a {@link ConnectionLeakCheck}: a test that leaves a connection
 * busy (checked before its stores are closed), or a class that leaves one open once its stores are
 * closed, fails.
 */
public final class PgVectorSchema implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback,
        AfterTestExecutionCallback {

    private final String prefix;
    private final List<PostgresStore> classStores = new CopyOnWriteArrayList<>();
    private final List<PostgresStore> testStores = new CopyOnWriteArrayList<>();
    private volatile boolean inTest;
    private PostgresFixture fixture;
    private String schema;
    private ConnectionLeakCheck leaks;
    private PostgresStore store;

    public PgVectorSchema(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        fixture = PostgresFixture.resolvePatiently();
        schema = fixture.createSchema(prefix);
        leaks = ConnectionLeakCheck.of(fixture, "test-" + prefix);
        store = storeBuilder().migrateOnStart(true).build();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        inTest = true;
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        leaks.assertNoBusyConnections(context.getDisplayName());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        inTest = false;
        testStores.forEach(PostgresStore::close);
        testStores.clear();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            classStores.forEach(PostgresStore::close);
            classStores.clear();
            if (store != null) {
                store.close();
            }
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

    /** The check of the connections of the class's pools. */
    public ConnectionLeakCheck leaks() {
        return leaks;
    }

    /** The server. */
    public PostgresFixture fixture() {
        return fixture;
    }

    /** The schema's name. */
    public String schema() {
        return schema;
    }

    /** The class's store (do not close it). */
    public PostgresStore store() {
        return store;
    }

    /** A builder of a store on the schema with the pgvector extension (default options), without migration. */
    public PostgresStore.Builder storeBuilder() {
        return storeBuilder(PgVectorOptions.defaults());
    }

    /** A builder of a store on the schema with the pgvector extension of {@code options}, without migration. */
    public PostgresStore.Builder storeBuilder(PgVectorOptions options) {
        return PostgresStore.builder()
                .jdbcUrl(fixture.jdbcUrl())
                .username(fixture.user())
                .password(fixture.password())
                .schema(schema)
                .maximumPoolSize(6)
                .poolName(leaks.applicationName())
                .migrateOnStart(false)
                .install(PgVectorIndex.extension(options));
    }

    /**
     * An index with the options {@code customize} set, on a store of its own (pool of 2) that is
     * closed after the current test, or after the class when called outside a test.
     */
    public PgVectorIndex index(UnaryOperator<PgVectorOptions.Builder> customize) {
        return PgVectorIndex.of(ownStore(customize.apply(PgVectorOptions.builder()).build(), b -> b));
    }

    /** A store of its own with {@code options}, closed like {@link #index(UnaryOperator)}'s. */
    public PostgresStore ownStore(PgVectorOptions options, UnaryOperator<PostgresStore.Builder> customize) {
        PostgresStore own = customize.apply(storeBuilder(options).maximumPoolSize(2)).build();
        (inTest ? testStores : classStores).add(own);
        return own;
    }

    /** The index of the class's store (default options). */
    public PgVectorIndex index() {
        return PgVectorIndex.of(store);
    }

    /**
     * A RagStore on a new PostgresStore of the schema and a PgVectorIndex on it, built with every
     * component of {@code options}; closing the RagStore closes both.
     */
    public RagStore ragStore(StoreOptions options) {
        PostgresStore own = storeBuilder().build();
        return options.applyTo(RagStore.builder().relationalStore(own).vectorIndex(new ClosingIndex(own))).build();
    }

    /**
     * A new JDBC connection in the admin row-level-security scope for the whole session (it sees
     * every owner's rows, as a DBA would); the caller closes it.
     */
    public Connection connection() throws SQLException {
        Connection connection = fixture.openConnection();
        try (java.sql.Statement statement = connection.createStatement()) {
            statement.execute("SELECT set_config('ragstore.admin', 'on', false)");
        }
        return connection;
    }


    /** The index of a RagStore built by {@link #ragStore}: closing it closes its own store as well. */
    private static final class ClosingIndex extends DelegatingIndex {

        private final PostgresStore own;

        ClosingIndex(PostgresStore own) {
            super(PgVectorIndex.of(own));
            this.own = own;
        }

        @Override
        public void close() {
            super.close();
            own.close();
        }
    }
}
