package dev.ragstore.milvus;

import dev.ragstore.core.RagStore;
import dev.ragstore.core.UserScope;
import dev.ragstore.core.document.DocumentSource;
import dev.ragstore.core.document.IngestResult;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.spi.HashingEmbedder;
import dev.ragstore.core.user.NewUser;
import dev.ragstore.core.user.User;
import dev.ragstore.postgres.PostgresStore;
import dev.ragstore.testkit.fixture.ConnectionLeakCheck;
import dev.ragstore.testkit.fixture.PostgresFixture;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.service.vector.request.QueryReq;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * PostgreSQL + Milvus + RagStore wired the Hyperion way for one test class: a fresh PostgreSQL
 * schema (dropped by {@link #close()}), the outbox listener, a relay on a Milvus server, and a
 * RagStore with a small hashing embedder. Its pools are named after a {@link ConnectionLeakCheck}:
 * {@link #close()} fails when a connection was left busy before the stores are closed, or open after.
 */
final class OutboxRig implements AutoCloseable {

    static final int DIMENSION = 16;
    static final String SPACE = "hashing_" + DIMENSION;

    private final PostgresFixture fixture;
    private final String schema;
    private final String milvusUri;
    private final String prefix;
    private final int dimension;
    private final String name;
    private final ConnectionLeakCheck leaks;
    private PostgresStore postgres;
    private MilvusOutboxRelay relay;
    private RagStore store;

    OutboxRig(String name, String milvusUri) {
        this(name, milvusUri, DIMENSION);
    }

    OutboxRig(String name, String milvusUri, int dimension) {
        this.dimension = dimension;
        this.name = name;
        this.fixture = PostgresFixture.resolvePatiently();
        this.schema = fixture.createSchema("milvus_" + name);
        this.leaks = ConnectionLeakCheck.of(fixture, "milvus-" + name.replace('_', '-'));
        this.milvusUri = milvusUri;
        this.prefix = MilvusTestServer.uniquePrefix(name);
    }

    /** Starts the stores; {@code milvus} and {@code relay} adjust the builders. */
    OutboxRig start(UnaryOperator<MilvusVectorIndexBuilder> milvus, UnaryOperator<MilvusOutboxRelay.Builder> relayOptions) {
        postgres = PostgresStore.builder().jdbcUrl(fixture.jdbcUrl()).username(fixture.user()).password(fixture.password())
                .schema(schema).maximumPoolSize(6).poolName(leaks.applicationName()).migrateOnStart(true)
                .install(MilvusOutbox.extension()).build();
        relay = startRelay(milvus, relayOptions);
        store = RagStore.builder().relationalStore(postgres).vectorIndex(relay.vectorIndex())
                .embedder(HashingEmbedder.create(dimension)).build();
        return this;
    }

    /** A new relay on the rig's PostgreSQL store (after the previous one died or was closed). */
    MilvusOutboxRelay startRelay(UnaryOperator<MilvusVectorIndexBuilder> milvus,
            UnaryOperator<MilvusOutboxRelay.Builder> relayOptions) {
        MilvusVectorIndex index = milvus.apply(MilvusVectorIndex.builder().uri(milvusUri).collectionPrefix(prefix)).build();
        return relayOptions.apply(MilvusOutboxRelay.builder().postgres(postgres).milvus(index)
                .interval(Duration.ofMillis(50)).maxBackoff(Duration.ofSeconds(1))).build();
    }

    /** The embedder's space. */
    String space() {
        return "hashing_" + dimension;
    }

    PostgresStore postgres() {
        return postgres;
    }

    /**
     * Rows of a table of the rig's schema seen by a plain connection of the application role,
     * with the admin setting {@code admin} or no row-level-security setting at all.
     */
    long countAsApplicationRole(String table, boolean admin) throws java.sql.SQLException {
        try (java.sql.Connection connection = fixture.openConnection();
             java.sql.Statement statement = connection.createStatement()) {
            if (admin) {
                statement.execute("SELECT set_config('ragstore.admin', 'on', false)");
            }
            try (java.sql.ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + schema + "." + table)) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** A started store on the rig's schema without the outbox. */
    PostgresStore storeWithoutOutbox() {
        return PostgresStore.builder().jdbcUrl(fixture.jdbcUrl()).username(fixture.user()).password(fixture.password())
                .schema(schema).maximumPoolSize(1).poolName(leaks.applicationName()).migrateOnStart(false).build();
    }

    MilvusOutboxRelay relay() {
        return relay;
    }

    RagStore store() {
        return store;
    }

    String prefix() {
        return prefix;
    }

    /** A new user and their scope. */
    UserScope newUser() {
        User user = store.admin().createUser(NewUser.of("u" + UUID.randomUUID().toString().substring(0, 12), "password-123"));
        return store.forUser(user.id());
    }

    KnowledgeBase newKnowledgeBase(UserScope scope) {
        return scope.knowledgeBases().create("kb " + UUID.randomUUID(), "test", Map.of());
    }

    IngestResult ingest(UserScope scope, KnowledgeBase kb, String text) {
        return scope.documents().ingest(kb.id(), DocumentSource.builder("doc-" + UUID.randomUUID() + ".txt", "text/plain",
                text.getBytes(StandardCharsets.UTF_8)).build());
    }

    /** Rows (duplicates included) Milvus holds for a knowledge base, counted by the server. */
    long milvusRows(String knowledgeBase) {
        MilvusClientV2 client = new MilvusClientV2(ConnectConfig.builder().uri(milvusUri).rpcDeadlineMs(30_000).build());
        try {
            List<Object> counts = client.query(QueryReq.builder().collectionName(prefix + space())
                            .filter("knowledge_base_id == \"" + knowledgeBase + "\"").outputFields(List.of("count(*)")).build())
                    .getQueryResults().stream().map(r -> r.getEntity().get("count(*)")).toList();
            return ((Number) counts.get(0)).longValue();
        } finally {
            client.close();
        }
    }

    /** A paragraph-long text of {@code words} distinct-ish words. */
    static String text(int paragraphs) {
        StringBuilder text = new StringBuilder();
        for (int p = 0; p < paragraphs; p++) {
            text.append("Paragraph ").append(p).append(" about granite fjords and quick foxes number ").append(UUID.randomUUID())
                    .append(". ").append("Lorem ipsum dolor sit amet ".repeat(40)).append("\n\n");
        }
        return text.toString();
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        AssertionError leak = null;
        try {
            leaks.assertNoBusyConnections("the work on rig " + name);
        } catch (AssertionError e) {
            leak = e;
        }
        for (AutoCloseable closeable : new AutoCloseable[] {store, relay, postgres}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                failure = failure == null ? new IllegalStateException("clean-up failed", e) : failure;
            }
        }
        try {
            MilvusTestServer.dropCollections(milvusUri, prefix);
        } catch (RuntimeException e) {
            // the server of a fault test may be gone already
        }
        if (leak == null) {
            try {
                leaks.assertNoConnections("closing rig " + name);
            } catch (AssertionError e) {
                leak = e;
            }
        }
        leaks.close();
        fixture.dropSchema(schema);
        fixture.close();
        if (failure != null) {
            if (leak != null) {
                failure.addSuppressed(leak);
            }
            throw failure;
        }
        if (leak != null) {
            throw leak;
        }
    }

}
