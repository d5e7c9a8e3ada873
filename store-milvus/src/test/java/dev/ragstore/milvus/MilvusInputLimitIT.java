package dev.ragstore.milvus;

import dev.ragstore.core.UserScope;
import dev.ragstore.core.chunk.ChunkId;
import dev.ragstore.core.chunk.DistanceMetric;
import dev.ragstore.core.chunk.Embedding;
import dev.ragstore.core.chunk.EmbeddingSpace;
import dev.ragstore.core.document.Document;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.document.DocumentSource;
import dev.ragstore.core.document.DocumentStatus;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.page.PageRequest;
import dev.ragstore.core.search.IndexedChunk;
import dev.ragstore.core.user.UserId;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.service.vector.request.QueryReq;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Input RagStore accepts but a Milvus collection cannot hold is rejected as invalid input, naming
 * the field, the size and the limit, before anything is written (issue 18, finding 11).
 */
class MilvusInputLimitIT {

    private static final Duration SYNC = Duration.ofSeconds(60);
    private static final EmbeddingSpace SPACE = EmbeddingSpace.of("limits_4", "test", 4, DistanceMetric.COSINE);
    private static OutboxRig rig;
    private static MilvusVectorIndex direct;
    private static String directPrefix;

    @BeforeAll
    static void start() {
        rig = new OutboxRig("limits", MilvusTestServer.uri()).start(b -> b, b -> b);
        directPrefix = MilvusTestServer.uniquePrefix("limits_direct");
        direct = MilvusTestServer.builder(directPrefix).build();
        direct.createSpace(SPACE);
    }

    @AfterAll
    static void stop() {
        try {
            if (direct != null) {
                direct.close();
                MilvusTestServer.dropCollections(MilvusTestServer.uri(), directPrefix);
            }
        } finally {
            if (rig != null) {
                rig.close();
            }
        }
    }

    /** Ten 8,000-character values: within RagStore's metadata rules, about 80 KB as JSON. */
    private static Map<String, Object> largeMetadata() {
        Map<String, Object> metadata = new LinkedHashMap<>();
        for (int i = 0; i < 10; i++) {
            metadata.put("note" + i, String.valueOf((char) ('a' + i)).repeat(8_000));
        }
        return metadata;
    }

    @Test
    void metadataLargerThanAMilvusJsonFieldIsInvalidInputAndNothingIsUpserted() {
        UserId owner = new UserId(UUID.randomUUID());
        KnowledgeBaseId kb = new KnowledgeBaseId(UUID.randomUUID());
        IndexedChunk fine = chunk(owner, kb, 0, "fine", Map.of("note", "short"));
        IndexedChunk large = chunk(owner, kb, 1, "large metadata", largeMetadata());

        assertThatThrownBy(() -> direct.upsert(SPACE.name(), List.of(fine, large)))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("chunk metadata"))
                .hasMessageContaining("65536").hasMessageMatching("(?s).*but is 8\\d{4} bytes.*")
                .hasMessageContaining("'metadata'");

        assertThat(rows(directPrefix + SPACE.name(), kb)).isZero();
    }

    @Test
    void metadataLargerThanAMilvusJsonFieldFailsTheIngestionAndWritesNothing() {
        UserScope user = rig.newUser();
        KnowledgeBase kb = rig.newKnowledgeBase(user);
        long pendingBefore = rig.relay().backlog().pendingRows();
        DocumentSource source = DocumentSource.builder("large.txt", "text/plain",
                OutboxRig.text(2).getBytes(StandardCharsets.UTF_8)).metadata(largeMetadata()).build();

        assertThatThrownBy(() -> user.documents().ingest(kb.id(), source))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("chunk metadata"))
                .hasMessageContaining("65536");

        Document failed = user.documents().list(kb.id(), PageRequest.first(10)).items().get(0);
        assertThat(failed.status()).isEqualTo(DocumentStatus.FAILED);
        assertThat(user.documents().chunks(failed.id())).isEmpty();
        assertThat(rig.relay().backlog().pendingRows()).isEqualTo(pendingBefore);
        assertThat(rig.relay().backlog().failedRows()).isZero();
        rig.relay().awaitSync(SYNC);
        assertThat(rig.milvusRows(kb.id().value().toString())).isZero();
    }

    @Test
    void aMimeTypeLongerThanTheMilvusFieldIsInvalidInputAndNothingIsUpserted() {
        // it used to be cut to 1,024 bytes, so a mime type filter no longer matched the chunk
        UserId owner = new UserId(UUID.randomUUID());
        KnowledgeBaseId kb = new KnowledgeBaseId(UUID.randomUUID());
        IndexedChunk fine = chunk(owner, kb, 0, "fine", Map.of());
        IndexedChunk longType = new IndexedChunk(new ChunkId(UUID.randomUUID()), owner, kb, new DocumentId(UUID.randomUUID()),
                1, null, "application/x-" + "long".repeat(300), "long mime type", Map.of(), Instant.now(),
                List.of(Embedding.of(1, 0, 0, 1)));

        assertThatThrownBy(() -> direct.upsert(SPACE.name(), List.of(fine, longType)))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("chunk mime type"))
                .hasMessageContaining("1024").hasMessageContaining("1214 bytes").hasMessageContaining("'mime_type'");

        assertThat(rows(directPrefix + SPACE.name(), kb)).isZero();
    }

    @Test
    void textLongerThanTheMilvusTextFieldIsStoredCutForKeywordSearch() {
        // the text field (VarChar 65,535 bytes) holds the beginning: an accepted chunk is never an outage
        UserId owner = new UserId(UUID.randomUUID());
        KnowledgeBaseId kb = new KnowledgeBaseId(UUID.randomUUID());
        IndexedChunk chunk = chunk(owner, kb, 0, "é".repeat(70_000), Map.of());

        direct.upsert(SPACE.name(), List.of(chunk));

        assertThat(rows(directPrefix + SPACE.name(), kb)).isEqualTo(1);
    }

    private static IndexedChunk chunk(UserId owner, KnowledgeBaseId kb, int index, String text, Map<String, Object> metadata) {
        return new IndexedChunk(new ChunkId(UUID.randomUUID()), owner, kb, new DocumentId(UUID.randomUUID()), index, null,
                "text/plain", text, metadata, Instant.now(), List.of(Embedding.of(1, 0, 0, index)));
    }

    private static long rows(String collection, KnowledgeBaseId kb) {
        MilvusClientV2 client = new MilvusClientV2(ConnectConfig.builder().uri(MilvusTestServer.uri()).rpcDeadlineMs(30_000)
                .build());
        try {
            Object count = client.query(QueryReq.builder().collectionName(collection)
                            .filter("knowledge_base_id == \"" + kb.value() + "\"").outputFields(List.of("count(*)")).build())
                    .getQueryResults().get(0).getEntity().get("count(*)");
            return ((Number) count).longValue();
        } finally {
            client.close();
        }
    }
}
