package dev.ragstore.milvus;

import dev.ragstore.core.chunk.ChunkId;
import dev.ragstore.core.chunk.DistanceMetric;
import dev.ragstore.core.chunk.Embedding;
import dev.ragstore.core.chunk.EmbeddingSpace;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.error.ConflictException;
import dev.ragstore.core.error.StoreUnavailableException;
import dev.ragstore.core.filter.Filter;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.search.IndexHit;
import dev.ragstore.core.search.IndexQuery;
import dev.ragstore.core.search.IndexedChunk;
import dev.ragstore.core.search.SearchMode;
import dev.ragstore.core.user.UserId;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.DataType;
import io.milvus.v2.service.collection.request.AddFieldReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Milvus-specific behaviour beyond the contract kit, against the test server. */
class MilvusVectorIndexIT {

    private static final String PREFIX = MilvusTestServer.uniquePrefix("mvi");
    private static final float[] V = {1, 0, 0, 0};

    @AfterAll
    static void dropCollections() {
        MilvusTestServer.dropCollections(MilvusTestServer.uri(), PREFIX);
    }

    @Test
    void injectionThroughValuesStaysALiteralOnTheServer() {
        String[] values = {"x\" or owner_id != \"", "a\"b", "back\\slash", "trailing\\", "line\nbreak\ttab\r",
                "ünï 😀 中文", "{v}", "%like_", "') or true or ('", "\\\" or true or \\\""};
        try (MilvusVectorIndex index = MilvusTestServer.builder(PREFIX).build()) {
            EmbeddingSpace space = space(index);
            UserId owner = new UserId(UUID.randomUUID());
            UserId stranger = new UserId(UUID.randomUUID());
            KnowledgeBaseId kb = new KnowledgeBaseId(UUID.randomUUID());
            List<IndexedChunk> chunks = new ArrayList<>();
            for (int i = 0; i < values.length; i++) {
                chunks.add(chunk(owner, kb, "v" + i, Map.of("s", values[i], "index", (long) i)));
                chunks.add(chunk(stranger, kb, "v" + i, Map.of("s", values[i], "index", (long) i)));
            }
            index.upsert(space.name(), chunks);

            for (int i = 0; i < values.length; i++) {
                List<IndexHit> hits = index.search(query(space, owner, kb, Filter.eq("s", values[i])));
                assertThat(hits).as("value %s", values[i]).extracting(IndexHit::chunkId)
                        .containsExactly(chunks.get(2 * i).chunkId());
                List<IndexHit> others = index.search(query(space, owner, kb, Filter.ne("s", values[i])));
                assertThat(others).as("ne %s", values[i]).hasSize(values.length - 1);
            }
        }
    }

    @Test
    void anUnreachableServerIsARetryableUnavailableNamingTheUriAndTimeout() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String uri = "http://127.0.0.1:" + port;

        assertThatThrownBy(() -> MilvusVectorIndex.builder().uri(uri).connectTimeout(Duration.ofMillis(500)).build())
                .isInstanceOfSatisfying(StoreUnavailableException.class, e -> {
                    assertThat(e.store()).isEqualTo("milvus");
                    assertThat(e.retryable()).isTrue();
                })
                .hasMessageContaining(uri)
                .hasMessageContaining("500 ms");
    }

    @Test
    void aForeignCollectionUnderTheNameIsAConflictAndIsLeftAlone() {
        String name = "foreign_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        MilvusClientV2 client = new MilvusClientV2(ConnectConfig.builder().uri(MilvusTestServer.uri()).rpcDeadlineMs(30_000).build());
        try {
            CreateCollectionReq.CollectionSchema schema = CreateCollectionReq.CollectionSchema.builder().build();
            schema.addField(AddFieldReq.builder().fieldName("id").dataType(DataType.Int64).isPrimaryKey(true).build());
            schema.addField(AddFieldReq.builder().fieldName("vector").dataType(DataType.FloatVector).dimension(4).build());
            client.createCollection(CreateCollectionReq.builder().collectionName(PREFIX + name).collectionSchema(schema).build());
        } finally {
            client.close();
        }
        try (MilvusVectorIndex index = MilvusTestServer.builder(PREFIX).build()) {
            assertThatThrownBy(() -> index.createSpace(EmbeddingSpace.of(name, "m", 4, DistanceMetric.COSINE)))
                    .isInstanceOfSatisfying(ConflictException.class,
                            e -> assertThat(e.rule()).isEqualTo("embedding_space.collection"))
                    .hasMessageContaining(PREFIX + name)
                    .hasMessageContaining("never drops or alters");
        }
    }

    @Test
    void aSpaceCreatedByAnotherIndexIsFoundOnFirstUse() {
        EmbeddingSpace space;
        try (MilvusVectorIndex first = MilvusTestServer.builder(PREFIX).build()) {
            space = space(first);
        }
        try (MilvusVectorIndex second = MilvusTestServer.builder(PREFIX).build()) {
            UserId owner = new UserId(UUID.randomUUID());
            KnowledgeBaseId kb = new KnowledgeBaseId(UUID.randomUUID());
            IndexedChunk chunk = chunk(owner, kb, "found", Map.of());

            second.upsert(space.name(), List.of(chunk));

            assertThat(second.search(query(space, owner, kb, null))).extracting(IndexHit::chunkId).containsExactly(chunk.chunkId());
            assertThatThrownBy(() -> second.createSpace(EmbeddingSpace.of(space.name(), "m", 4, DistanceMetric.L2)))
                    .isInstanceOf(ConflictException.class).hasMessageContaining("COSINE").hasMessageContaining("L2");
        }
    }

    @Test
    void textLongerThanTheVarCharLimitIsStoredCut() {
        try (MilvusVectorIndex index = MilvusTestServer.builder(PREFIX).build()) {
            EmbeddingSpace space = space(index);
            UserId owner = new UserId(UUID.randomUUID());
            KnowledgeBaseId kb = new KnowledgeBaseId(UUID.randomUUID());
            IndexedChunk chunk = chunk(owner, kb, "needle " + "ä".repeat(40_000) + " tailword", Map.of());

            index.upsert(space.name(), List.of(chunk));

            assertThat(index.search(new IndexQuery(space.name(), owner, List.of(kb), SearchMode.KEYWORD, "needle", List.of(),
                    null, 10, null))).extracting(IndexHit::chunkId).containsExactly(chunk.chunkId());
            assertThat(index.search(new IndexQuery(space.name(), owner, List.of(kb), SearchMode.KEYWORD, "tailword", List.of(),
                    null, 10, null))).isEmpty();
        }
    }

    @Test
    void callsAfterCloseFailAsNotRetryable() {
        MilvusVectorIndex index = MilvusTestServer.builder(PREFIX).build();
        index.close();
        index.close();

        assertThatThrownBy(() -> index.deleteOwner(new UserId(UUID.randomUUID())))
                .isInstanceOfSatisfying(StoreUnavailableException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("closed");
    }

    private static EmbeddingSpace space(MilvusVectorIndex index) {
        EmbeddingSpace space = EmbeddingSpace.of("s" + UUID.randomUUID().toString().replace("-", "").substring(0, 12), "m", 4,
                DistanceMetric.COSINE);
        index.createSpace(space);
        return space;
    }

    private static IndexedChunk chunk(UserId owner, KnowledgeBaseId kb, String text, Map<String, Object> metadata) {
        return new IndexedChunk(new ChunkId(UUID.randomUUID()), owner, kb, new DocumentId(UUID.randomUUID()), 0, null,
                "text/plain", text, metadata, Instant.now(), List.of(Embedding.of(V)));
    }

    private static IndexQuery query(EmbeddingSpace space, UserId owner, KnowledgeBaseId kb, Filter filter) {
        return new IndexQuery(space.name(), owner, List.of(kb), SearchMode.VECTOR, null, List.of(Embedding.of(V)), filter,
                100, null);
    }
}
