package dev.ragstore.milvus;

import dev.ragstore.core.RagStore;
import dev.ragstore.core.chunk.ChunkId;
import dev.ragstore.core.chunk.EmbeddingSpace;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.error.StoreUnavailableException;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.search.IndexCapabilities;
import dev.ragstore.core.search.IndexHit;
import dev.ragstore.core.search.IndexQuery;
import dev.ragstore.core.search.IndexedChunk;
import dev.ragstore.core.search.VectorIndex;
import dev.ragstore.core.user.UserId;
import dev.ragstore.postgres.PostgresStore;
import dev.ragstore.testkit.StoreOptions;
import dev.ragstore.testkit.fixture.ConnectionLeakCheck;
import dev.ragstore.testkit.fixture.PostgresFixture;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * RagStores wired the Hyperion way for the facade contracts of one test class: PostgreSQL with the
 * Milvus outbox installed (a schema of the class, migrated before the first test and dropped after
 * the last), a relay on the Milvus test server (collections under a prefix of the class, dropped
 * after the last test), and {@code relay.vectorIndex()} as the RagStore's index. Register it as a
 * static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final OutboxStores MILVUS = new OutboxStores("search");
 * }</pre>
 *
 * <p>Milvus mirrors PostgreSQL eventually; the contracts assume read-your-writes, which the relay
 * gives through {@link MilvusOutboxRelay#awaitSync}. The index each RagStore gets therefore waits
 * for the relay before every search ({@link ReadYourWrites}) and forwards everything else as is;
 * what it answers, capabilities included, is the relay's index's.
 *
 * <p>Every pool is named after a {@link ConnectionLeakCheck}: a test that leaves a connection busy
 * (the relays get the check's grace to finish a batch), or a class that leaves one open, fails.
 */
public final class OutboxStores implements BeforeAllCallback, AfterTestExecutionCallback, AfterAllCallback {

    /** How long a search waits for the relay to ship what was written before it. */
    static final Duration SYNC = Duration.ofSeconds(60);

    private final String name;
    private PostgresFixture fixture;
    private String schema;
    private String milvusUri;
    private String prefix;
    private ConnectionLeakCheck leaks;

    public OutboxStores(String name) {
        this.name = name;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        fixture = PostgresFixture.resolvePatiently();
        schema = fixture.createSchema("milvus_" + name);
        leaks = ConnectionLeakCheck.of(fixture, "milvus-" + name.replace('_', '-'));
        milvusUri = MilvusTestServer.uri();
        prefix = MilvusTestServer.uniquePrefix(name);
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
            try {
                if (milvusUri != null) {
                    MilvusTestServer.dropCollections(milvusUri, prefix);
                }
            } finally {
                if (fixture != null && schema != null) {
                    fixture.dropSchema(schema);
                }
            }
        }
    }

    /**
     * A RagStore on a new PostgresStore of the schema (with the outbox) and a new relay to Milvus,
     * built with every component of {@code options}; closing it stops the relay and closes both.
     */
    public RagStore ragStore(StoreOptions options) {
        PostgresStore postgres = postgres().build();
        try {
            MilvusOutboxRelay relay = MilvusOutboxRelay.builder().postgres(postgres)
                    .milvus(MilvusVectorIndex.builder().uri(milvusUri).collectionPrefix(prefix).build())
                    .interval(Duration.ofMillis(50)).maxBackoff(Duration.ofSeconds(1)).build();
            return options.applyTo(RagStore.builder().relationalStore(postgres)
                    .vectorIndex(new ReadYourWrites(relay))).build();
        } catch (RuntimeException e) {
            postgres.close();
            throw e;
        }
    }

    /** The check of the class's pools. */
    public ConnectionLeakCheck leaks() {
        return leaks;
    }

    private PostgresStore.Builder postgres() {
        return PostgresStore.builder().jdbcUrl(fixture.jdbcUrl()).username(fixture.user()).password(fixture.password())
                .schema(schema).maximumPoolSize(4).poolName(leaks.applicationName()).migrateOnStart(false)
                .install(MilvusOutbox.extension());
    }

    /**
     * The relay's index, waiting with {@link MilvusOutboxRelay#awaitSync} before each search so a
     * search sees every write made before it (what a host does in tests and demos).
     */
    static final class ReadYourWrites implements VectorIndex {

        private final MilvusOutboxRelay relay;
        private final VectorIndex index;

        ReadYourWrites(MilvusOutboxRelay relay) {
            this.relay = relay;
            this.index = relay.vectorIndex();
        }

        @Override
        public IndexCapabilities capabilities() {
            return index.capabilities();
        }

        @Override
        public boolean followsRelationalDeletes() {
            return index.followsRelationalDeletes();
        }

        @Override
        public void createSpace(EmbeddingSpace space) {
            index.createSpace(space);
        }

        @Override
        public void upsert(String space, List<IndexedChunk> chunks) {
            index.upsert(space, chunks);
        }

        @Override
        public void deleteChunks(String space, UserId owner, Collection<ChunkId> chunkIds) {
            index.deleteChunks(space, owner, chunkIds);
        }

        @Override
        public void deleteDocument(String space, UserId owner, DocumentId documentId) {
            index.deleteDocument(space, owner, documentId);
        }

        @Override
        public void deleteKnowledgeBase(String space, UserId owner, KnowledgeBaseId knowledgeBaseId) {
            index.deleteKnowledgeBase(space, owner, knowledgeBaseId);
        }

        @Override
        public void deleteOwner(UserId owner) {
            index.deleteOwner(owner);
        }

        @Override
        public List<IndexHit> search(IndexQuery query) {
            relay.awaitSync(SYNC);
            return index.search(query);
        }

        /** Stops the relay and closes the Milvus index (as the relay's index does). */
        @Override
        public void close() {
            index.close();
        }

        @Override
        public String toString() {
            return "ReadYourWrites[" + index + "]";
        }
    }
}
