package dev.ragstore.pgvector;

import dev.ragstore.core.RagStore;
import dev.ragstore.core.UserScope;
import dev.ragstore.core.chunk.Chunk;
import dev.ragstore.core.chunk.Embedding;
import dev.ragstore.core.document.ChunkUpsert;
import dev.ragstore.core.document.Document;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.document.DocumentSource;
import dev.ragstore.core.document.DocumentUpsert;
import dev.ragstore.core.document.UpsertResult;
import dev.ragstore.core.filter.Filter;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.page.PageRequest;
import dev.ragstore.core.search.IndexedChunk;
import dev.ragstore.core.search.SearchRequest;
import dev.ragstore.core.spi.HashingEmbedder;
import dev.ragstore.core.user.NewUser;
import dev.ragstore.core.user.User;
import dev.ragstore.postgres.PostgresStore;
import dev.ragstore.postgres.spi.PgExtension;
import dev.ragstore.postgres.spi.PgSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The facade's writes beyond ingestion on PostgreSQL + pgvector are single transactions: an upsert
 * that replaces a document keeps the old one (rows and vectors) when its vector write fails, and
 * {@code deleteWhere} deletes all matching documents with their vectors or, when a later step of
 * its transaction fails, none.
 */
class FacadeWriteAtomicityIT {

    @RegisterExtension
    static final PgVectorSchema PG = new PgVectorSchema("facade_write_atomic");

    private static final int DIMENSION = 32;

    @Test
    void replacingUpsertWhoseVectorWriteFailsKeepsTheOldDocumentAndVectors() {
        AtomicBoolean failNextUpsert = new AtomicBoolean(false);
        DelegatingIndex failingAfterWrite = new DelegatingIndex(PgVectorIndex.of(PG.store())) {
            @Override
            public void upsert(String space, List<IndexedChunk> chunks) {
                super.upsert(space, chunks);
                if (failNextUpsert.getAndSet(false)) {
                    throw new IllegalStateException("vector write lost after it reached the table");
                }
            }

            @Override
            public void close() {
                // the class's PostgresStore outlives this test
            }
        };
        UserScope scope = scope(RagStore.builder().relationalStore(PG.store()).vectorIndex(failingAfterWrite)
                .embedder(HashingEmbedder.create(DIMENSION)).build());
        KnowledgeBase kb = scope.knowledgeBases().create("kb", "", Map.of());
        DocumentId id = new DocumentId(UUID.randomUUID());
        UpsertResult old = scope.documents().upsert(kb.id(), DocumentUpsert.builder().id(id).metadata(Map.of("v", 1L))
                .chunk(ChunkUpsert.of("Old first.", axis(1))).chunk(ChunkUpsert.of("Old second.", axis(2))).build());
        long vectorsBefore = vectorRows(kb);

        failNextUpsert.set(true);
        assertThatThrownBy(() -> scope.documents().upsert(kb.id(), DocumentUpsert.builder().id(id).metadata(Map.of("v", 2L))
                .chunk(ChunkUpsert.of("New only.", axis(3))).build()))
                .hasMessageContaining("vector write lost");

        assertThat(scope.documents().find(id)).contains(old.document());
        assertThat(scope.documents().chunks(id)).extracting(Chunk::id).containsExactlyElementsOf(old.chunkIds());
        assertThat(vectorRows(kb)).isEqualTo(vectorsBefore);
        assertThat(scope.search(SearchRequest.builder().vector(axis(2)).knowledgeBase(kb.id()).topK(1).build()))
                .singleElement().satisfies(h -> assertThat(h.chunk().id()).isEqualTo(old.chunkIds().get(1)));
    }

    @Test
    void deleteWhereDeletesEverythingOrNothing() {
        AtomicBoolean failNextDelete = new AtomicBoolean(false);
        PgExtension failingAfterDelete = new PgExtension() {
            @Override
            public String name() {
                return "failing-after-delete";
            }

            @Override
            public void documentsDeleted(PgSession session, List<DocumentId> documentIds) {
                if (failNextDelete.getAndSet(false)) {
                    throw new IllegalStateException("a later step of the delete failed");
                }
            }
        };
        PostgresStore own = PG.ownStore(PgVectorOptions.builder().build(), b -> b.install(failingAfterDelete));
        UserScope scope = scope(RagStore.builder().relationalStore(own).vectorIndex(PgVectorIndex.of(own))
                .embedder(HashingEmbedder.create(DIMENSION)).build());
        KnowledgeBase kb = scope.knowledgeBases().create("kb", "", Map.of());
        for (String name : List.of("a", "b", "c")) {
            scope.documents().ingest(kb.id(), DocumentSource.builder(name + ".txt", "text/plain",
                    ("Tide tables for harbour " + name + ". ").repeat(40).getBytes(StandardCharsets.UTF_8))
                    .metadata(Map.of("team", name.equals("c") ? "blue" : "red")).build());
        }
        List<Document> before = scope.documents().list(kb.id(), PageRequest.first(10)).items();
        long vectorsBefore = vectorRows(kb);

        failNextDelete.set(true);
        assertThatThrownBy(() -> scope.documents().deleteWhere(kb.id(), Filter.eq("team", "red")))
                .hasMessageContaining("a later step of the delete failed");

        assertThat(scope.documents().list(kb.id(), PageRequest.first(10)).items()).isEqualTo(before);
        assertThat(vectorRows(kb)).isEqualTo(vectorsBefore);

        assertThat(scope.documents().deleteWhere(kb.id(), Filter.eq("team", "red"))).isEqualTo(2);
        assertThat(scope.documents().list(kb.id(), PageRequest.first(10)).items()).hasSize(1);
        long remaining = scope.documents().chunks(scope.documents().list(kb.id(), PageRequest.first(10)).items().get(0).id())
                .size();
        assertThat(remaining).isPositive();
        assertThat(vectorRows(kb)).isEqualTo(remaining).isLessThan(vectorsBefore);
    }

    /** A scope of a new user; the RagStore is not closed, since its PostgresStore belongs to the fixture, which closes it. */
    private static UserScope scope(RagStore store) {
        User user = store.admin().createUser(NewUser.of("write-atomic-" + UUID.randomUUID(), "correct horse battery"));
        return store.forUser(user.id());
    }

    private static Embedding axis(int axis) {
        float[] values = new float[DIMENSION];
        values[axis] = 1;
        return Embedding.of(values);
    }

    /** The rows of the knowledge base in the space's chunk table. */
    private static long vectorRows(KnowledgeBase kb) {
        return PG.store().inAdminTransaction(handle -> handle
                .createQuery("SELECT count(*) FROM " + PG.schema() + ".vectors_hashing_" + DIMENSION
                        + " WHERE knowledge_base_id = :kb")
                .bind("kb", kb.id().value()).mapTo(Long.class).one());
    }
}
