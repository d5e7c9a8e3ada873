package dev.ragstore.pgvector;

import dev.ragstore.core.RagStore;
import dev.ragstore.core.UserScope;
import dev.ragstore.core.document.Document;
import dev.ragstore.core.document.DocumentSource;
import dev.ragstore.core.document.DocumentStatus;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.search.IndexedChunk;
import dev.ragstore.core.search.SearchMode;
import dev.ragstore.core.search.SearchRequest;
import dev.ragstore.core.spi.HashingEmbedder;
import dev.ragstore.core.user.NewUser;
import dev.ragstore.core.user.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Ingestion through the facade on PostgreSQL + pgvector writes a document's chunk rows and
 * vectors in one transaction: when the vector write fails after the chunks were written, neither
 * remains; the retry then stores both.
 */
class FacadeIngestAtomicityIT {

    @RegisterExtension
    static final PgVectorSchema PG = new PgVectorSchema("facade_atomic");

    @Test
    void chunksAndVectorsOfAnIngestionCommitTogetherOrNotAtAll() {
        PgVectorIndex pgvector = PgVectorIndex.of(PG.store());
        AtomicBoolean failNextUpsert = new AtomicBoolean(true);
        DelegatingIndex failingAfterWrite = new DelegatingIndex(pgvector) {
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
        RagStore store = RagStore.builder().relationalStore(PG.store()).vectorIndex(failingAfterWrite)
                .embedder(HashingEmbedder.create(32)).build();
        User user = store.admin().createUser(NewUser.of("atomic-" + System.nanoTime(), "correct horse battery"));
        UserScope scope = store.forUser(user.id());
        KnowledgeBase kb = scope.knowledgeBases().create("kb", "", Map.of());
        DocumentSource source = DocumentSource.builder("notes.txt", "text/plain",
                "Vectors and chunk rows belong together. ".repeat(80).getBytes(StandardCharsets.UTF_8)).build();

        assertThatThrownBy(() -> scope.documents().ingest(kb.id(), source))
                .hasMessageContaining("vector write lost");

        Document failed = scope.documents().list(kb.id(), dev.ragstore.core.page.PageRequest.first(10)).items().get(0);
        assertThat(failed.status()).isEqualTo(DocumentStatus.FAILED);
        assertThat(scope.documents().chunks(failed.id())).isEmpty();
        Integer vectorRows = PG.store().inAdminTransaction(handle -> handle
                .createQuery("SELECT count(*) FROM " + PG.schema() + ".vectors_hashing_32")
                .mapTo(Integer.class).one());
        assertThat(vectorRows).isZero();

        var resumed = scope.documents().ingest(kb.id(), source);
        assertThat(resumed.document().status()).isEqualTo(DocumentStatus.COMPLETED);
        assertThat(scope.documents().chunks(failed.id())).hasSize(resumed.chunks());
        assertThat(scope.search(SearchRequest.builder().text("chunk rows").mode(SearchMode.VECTOR).topK(100).build()))
                .hasSize(resumed.chunks());
    }
}
