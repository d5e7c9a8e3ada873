package dev.ragstore.milvus;

import dev.ragstore.core.UserScope;
import dev.ragstore.core.chunk.ChunkId;
import dev.ragstore.core.chunk.Embedding;
import dev.ragstore.core.document.IngestResult;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.search.IndexedChunk;
import dev.ragstore.core.search.SearchHit;
import dev.ragstore.core.search.SearchMode;
import dev.ragstore.core.search.SearchRequest;
import dev.ragstore.core.user.UserId;
import dev.ragstore.postgres.PostgresStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RagStore on PostgreSQL + Milvus through the outbox relay, against the test servers. */
class MilvusOutboxRelayIT {

    private static final Duration SYNC = Duration.ofSeconds(60);
    private static OutboxRig rig;

    @BeforeAll
    static void start() {
        rig = new OutboxRig("relay", MilvusTestServer.uri()).start(b -> b, b -> b);
    }

    @AfterAll
    static void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void ingestedChunksAreSearchableAfterAwaitSync() {
        UserScope user = rig.newUser();
        KnowledgeBase kb = rig.newKnowledgeBase(user);
        IngestResult ingested = rig.ingest(user, kb, OutboxRig.text(6));

        rig.relay().awaitSync(SYNC);

        List<SearchHit> hits = user.search(SearchRequest.builder().text("granite fjords").knowledgeBase(kb.id())
                .mode(SearchMode.HYBRID).topK(5).build());
        assertThat(hits).isNotEmpty().allSatisfy(hit -> assertThat(hit.chunk().documentId()).isEqualTo(ingested.document().id()));
        assertThat(hits.get(0).vectorRank()).isNotNull();
        ReconcileReport report = rig.relay().reconcile(user.userId(), kb.id());
        assertThat(report.driftFree()).as("%s", report).isTrue();
        assertThat(report.postgresChunks()).isEqualTo(ingested.chunks()).isEqualTo(report.milvusChunks());
        assertThat(rig.relay().backlog().pendingRows()).isZero();
    }

    @Test
    void deletingADocumentRemovesItsVectorsFromMilvus() {
        UserScope user = rig.newUser();
        KnowledgeBase kb = rig.newKnowledgeBase(user);
        IngestResult gone = rig.ingest(user, kb, OutboxRig.text(3));
        IngestResult kept = rig.ingest(user, kb, OutboxRig.text(2));
        rig.relay().awaitSync(SYNC);

        user.documents().delete(gone.document().id());
        rig.relay().awaitSync(SYNC);

        assertThat(rig.milvusRows(kb.id().value().toString())).isEqualTo(kept.chunks());
        assertThat(rig.relay().reconcile(user.userId(), kb.id()).driftFree()).isTrue();
    }

    @Test
    void purgingAKnowledgeBaseAndDeletingAUserEmptyMilvus() {
        UserScope user = rig.newUser();
        KnowledgeBase purged = rig.newKnowledgeBase(user);
        KnowledgeBase other = rig.newKnowledgeBase(user);
        rig.ingest(user, purged, OutboxRig.text(2));
        rig.ingest(user, other, OutboxRig.text(2));
        rig.relay().awaitSync(SYNC);

        user.knowledgeBases().purge(purged.id());
        rig.relay().awaitSync(SYNC);
        assertThat(rig.milvusRows(purged.id().value().toString())).isZero();
        assertThat(rig.milvusRows(other.id().value().toString())).isPositive();

        rig.store().admin().deleteUser(user.userId());
        rig.relay().awaitSync(SYNC);
        assertThat(rig.milvusRows(other.id().value().toString())).isZero();
    }

    @Test
    void hitsOfASoftDeletedKnowledgeBaseNeverReachTheCaller() {
        UserScope user = rig.newUser();
        KnowledgeBase kb = rig.newKnowledgeBase(user);
        rig.ingest(user, kb, OutboxRig.text(2));
        rig.relay().awaitSync(SYNC);

        user.knowledgeBases().delete(kb.id());

        assertThat(user.search(SearchRequest.builder().text("granite").topK(10).build())).isEmpty();
        assertThat(rig.milvusRows(kb.id().value().toString())).isPositive();
    }

    @Test
    void reconcileRepairsMissingAndExtraChunks() {
        UserScope user = rig.newUser();
        KnowledgeBase kb = rig.newKnowledgeBase(user);
        IngestResult ingested = rig.ingest(user, kb, OutboxRig.text(4));
        rig.relay().awaitSync(SYNC);
        List<dev.ragstore.core.chunk.Chunk> chunks = user.documents().chunks(ingested.document().id());
        try (MilvusVectorIndex direct = MilvusTestServer.builder(rig.prefix()).build()) {
            direct.deleteChunks(OutboxRig.SPACE, user.userId(), List.of(chunks.get(0).id(), chunks.get(1).id()));
            direct.upsert(OutboxRig.SPACE, List.of(new IndexedChunk(new ChunkId(UUID.randomUUID()), user.userId(), kb.id(),
                    ingested.document().id(), 99, null, "text/plain", "stray", Map.of(), Instant.now(),
                    List.of(ones()))));
        }

        ReconcileReport repaired = rig.relay().reconcile(user.userId(), kb.id());
        ReconcileReport again = rig.relay().reconcile(user.userId(), kb.id());

        assertThat(repaired.upserted()).isEqualTo(2);
        assertThat(repaired.deleted()).isEqualTo(1);
        assertThat(repaired.milvusChunks()).isEqualTo(ingested.chunks() - 2 + 1);
        assertThat(again.driftFree()).isTrue();
        assertThat(rig.milvusRows(kb.id().value().toString())).isEqualTo(ingested.chunks());
    }

    private static Embedding ones() {
        float[] values = new float[OutboxRig.DIMENSION];
        java.util.Arrays.fill(values, 1f);
        return Embedding.of(values);
    }

    @Test
    void reconcileOfAKnowledgeBasePostgresDoesNotHaveCleansMilvus() {
        UserId stranger = new UserId(UUID.randomUUID());
        KnowledgeBaseId unknown = new KnowledgeBaseId(UUID.randomUUID());

        ReconcileReport report = rig.relay().reconcile(stranger, unknown);

        assertThat(report.space()).isNull();
        assertThat(report.driftFree()).isTrue();
    }

    @Test
    void aBadUpsertThroughTheOutboxWritesNothing() {
        UserScope user = rig.newUser();
        KnowledgeBase kb = rig.newKnowledgeBase(user);
        IngestResult ingested = rig.ingest(user, kb, OutboxRig.text(1));
        rig.relay().awaitSync(SYNC);
        long pendingBefore = rig.relay().backlog().pendingRows();
        IndexedChunk wrong = new IndexedChunk(new ChunkId(UUID.randomUUID()), user.userId(), kb.id(), ingested.document().id(),
                50, null, "text/plain", "x", Map.of(), Instant.now(), List.of(Embedding.of(1, 2, 3)));

        assertThatThrownBy(() -> rig.relay().vectorIndex().upsert(OutboxRig.SPACE, List.of(wrong)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("dimension").hasMessageContaining(String.valueOf(OutboxRig.DIMENSION));
        assertThatThrownBy(() -> rig.relay().vectorIndex().upsert("never_created", List.of(wrong)))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("never_created");
        assertThat(rig.relay().backlog().pendingRows()).isEqualTo(pendingBefore);
    }

    @Test
    void outboxRowsAreWrittenAndRolledBackWithTheChunkTransaction() {
        UserScope user = rig.newUser();
        KnowledgeBase kb = rig.newKnowledgeBase(user);
        IngestResult ingested = rig.ingest(user, kb, OutboxRig.text(2));
        rig.relay().awaitSync(SYNC);
        rig.relay().paused(true);
        try {
            long before = rig.relay().backlog().pendingRows();

            assertThatThrownBy(() -> rig.postgres().useTransaction(user.userId(), h -> {
                rig.postgres().chunks().replace(user.userId(), ingested.document().id(), List.of());
                throw new IllegalStateException("the host's own work failed");
            })).isInstanceOf(IllegalStateException.class);
            assertThat(rig.relay().backlog().pendingRows()).isEqualTo(before);
            assertThat(user.documents().chunks(ingested.document().id())).hasSize(ingested.chunks());

            rig.postgres().chunks().replace(user.userId(), ingested.document().id(), List.of());
            assertThat(rig.relay().backlog().pendingRows()).isEqualTo(before + 1);
        } finally {
            rig.relay().paused(false);
        }
        rig.relay().awaitSync(SYNC);
        assertThat(rig.milvusRows(kb.id().value().toString())).isZero();
    }

    @Test
    void theBuilderNamesAMissingStore() {
        assertThatThrownBy(() -> MilvusOutboxRelay.builder().postgres(rig.postgres()).build())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("milvus").hasMessageContaining("must be set");
        assertThatThrownBy(() -> MilvusOutboxRelay.builder().batchSize(0))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("batchSize").hasMessageContaining("0");
        try (PostgresStore plain = rig.storeWithoutOutbox()) {
            assertThatThrownBy(() -> MilvusOutboxRelay.builder().postgres(plain))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("install(MilvusOutbox.extension())");
        }
    }

    @Test
    void theOutboxTablesAreUnderRowLevelSecurity() throws Exception {
        // issue 18, finding 6: without a setting the application role read every tenant's vectors
        UserScope scope = rig.newUser();
        rig.ingest(scope, rig.newKnowledgeBase(scope), "row level security for the outbox tables too");
        rig.relay().paused(true);
        try {
            rig.ingest(scope, rig.newKnowledgeBase(scope), "an outbox row stays pending while the relay is paused");
            assertThat(rig.countAsApplicationRole("milvus_vectors", true)).isPositive();
            assertThat(rig.countAsApplicationRole("milvus_outbox", true)).isPositive();
            assertThat(rig.countAsApplicationRole("milvus_vectors", false)).isZero();
            assertThat(rig.countAsApplicationRole("milvus_outbox", false)).isZero();
        } finally {
            rig.relay().paused(false);
        }
    }
}
