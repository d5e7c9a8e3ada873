package dev.ragstore.langchain4j;

import dev.ragstore.core.RagStore;
import dev.ragstore.embedder.minilm.MiniLmEmbedder;
import dev.ragstore.milvus.MilvusOutbox;
import dev.ragstore.milvus.MilvusOutboxRelay;
import dev.ragstore.milvus.MilvusVectorIndex;
import dev.ragstore.pgvector.PgVectorIndex;
import dev.ragstore.postgres.PostgresStore;
import dev.ragstore.testkit.fixture.MilvusFixture;
import dev.ragstore.testkit.fixture.PostgresFixture;

import java.time.Duration;
import java.util.UUID;

/**
 * A RagStore with the MiniLM embedder on the real servers for one test class: PostgreSQL (a schema
 * of the class, dropped by {@link #close()}) with pgvector, or with the Milvus outbox and a relay
 * (collections under a prefix of the class). {@link #awaitSync()} waits until Milvus mirrors every
 * write made before it (a no-op on pgvector).
 */
final class ServerStores implements AutoCloseable {

    private final PostgresFixture fixture;
    private final String schema;
    private final PostgresStore postgres;
    private final MilvusOutboxRelay relay;
    private final RagStore store;

    private ServerStores(String name, boolean milvus) {
        fixture = PostgresFixture.resolvePatiently();
        schema = fixture.createSchema("lc4j_" + name);
        PostgresStore.Builder builder = PostgresStore.builder().jdbcUrl(fixture.jdbcUrl()).username(fixture.user())
                .password(fixture.password()).schema(schema).maximumPoolSize(4).migrateOnStart(true);
        if (milvus) {
            postgres = builder.install(MilvusOutbox.extension()).build();
            String uri;
            try (MilvusFixture server = MilvusFixture.resolve()) {
                uri = server.uri();
            }
            relay = MilvusOutboxRelay.builder().postgres(postgres)
                    .milvus(MilvusVectorIndex.builder().uri(uri)
                            .collectionPrefix("it_lc4j_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8) + "_")
                            .build())
                    .interval(Duration.ofMillis(50)).maxBackoff(Duration.ofSeconds(1)).build();
            store = RagStore.builder().relationalStore(postgres).vectorIndex(relay.vectorIndex())
                    .embedder(new MiniLmEmbedder()).build();
        } else {
            postgres = builder.install(PgVectorIndex.extension()).build();
            relay = null;
            store = RagStore.builder().relationalStore(postgres).vectorIndex(PgVectorIndex.of(postgres))
                    .embedder(new MiniLmEmbedder()).build();
        }
    }

    /** PostgreSQL + pgvector. */
    static ServerStores pgVector(String name) {
        return new ServerStores(name, false);
    }

    /** PostgreSQL + Milvus through the outbox relay. */
    static ServerStores milvus(String name) {
        return new ServerStores(name, true);
    }

    RagStore store() {
        return store;
    }

    /** Waits (up to a minute) until the relay has shipped every write made before this call. */
    void awaitSync() {
        if (relay != null) {
            relay.awaitSync(Duration.ofSeconds(60));
        }
    }

    @Override
    public void close() {
        try {
            store.close();
            if (relay != null) {
                relay.close();
            }
            postgres.close();
        } finally {
            fixture.dropSchema(schema);
            fixture.close();
        }
    }
}
