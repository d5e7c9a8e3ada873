package dev.ragstore.postgres;

import dev.ragstore.core.RagStore;
import dev.ragstore.testkit.StoreOptions;
import dev.ragstore.testkit.fixture.ConnectionLeakCheck;
import dev.ragstore.testkit.fixture.PostgresFixture;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * Gives a test class its own PostgreSQL schema, migrated before the first test and dropped after
 * the last. Register it as a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final PgSchemaExtension PG = new PgSchemaExtension("chat_contract");
 * }</pre>
 *
 * Stores built by {@link #store} share the schema; tests keep apart by creating their own users.
 *
 * <p>Their pools all carry the name of a {@link ConnectionLeakCheck}: after each test (before the
 * test's stores are closed) no connection of theirs may be left busy, and after the class none
 * may be left open, else the test or the class fails.
 */
public final class PgSchemaExtension implements BeforeAllCallback, AfterTestExecutionCallback, AfterAllCallback {

    private final String prefix;
    private final Duration leakGrace;
    private PostgresFixture fixture;
    private String schema;
    private ConnectionLeakCheck leaks;

    public PgSchemaExtension(String prefix) {
        this(prefix, ConnectionLeakCheck.DEFAULT_GRACE);
    }

    /** An extension whose leak check gives background work {@code leakGrace} to give its connections back. */
    public PgSchemaExtension(String prefix, Duration leakGrace) {
        this.prefix = prefix;
        this.leakGrace = leakGrace;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        fixture = PostgresFixture.resolvePatiently();
        schema = fixture.createSchema(prefix);
        leaks = ConnectionLeakCheck.of(fixture, "test-" + prefix, leakGrace);
        // migrate once; the stores of the tests only check the schema
        store(b -> b.migrateOnStart(true)).close();
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

    /** The check of the connections of the class's pools (named {@link ConnectionLeakCheck#applicationName()}). */
    public ConnectionLeakCheck leaks() {
        return leaks;
    }

    /** The server the schema is on. */
    public PostgresFixture fixture() {
        return fixture;
    }

    /** The schema's name. */
    public String schema() {
        return schema;
    }

    /** A builder for a store on the schema (small pool, no migration); adjust it before building. */
    public PostgresStore.Builder builder() {
        return PostgresStore.builder()
                .jdbcUrl(fixture.jdbcUrl())
                .username(fixture.user())
                .password(fixture.password())
                .schema(schema)
                .maximumPoolSize(8)
                .poolName(leaks.applicationName())
                .migrateOnStart(false);
    }

    /** A started store on the schema, after {@code customize} adjusted the builder. */
    public PostgresStore store(UnaryOperator<PostgresStore.Builder> customize) {
        return customize.apply(builder()).build();
    }

    /** A started store on the schema. */
    public PostgresStore store() {
        return builder().build();
    }

    /** A RagStore on a new PostgresStore of the schema, built with every component of {@code options}. */
    public RagStore ragStore(StoreOptions options) {
        return options.applyTo(RagStore.builder().relationalStore(store())).build();
    }
}
