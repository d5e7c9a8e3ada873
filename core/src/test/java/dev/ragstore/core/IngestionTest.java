package dev.ragstore.core;

import dev.ragstore.core.chunk.Chunk;
import dev.ragstore.core.chunk.Embedding;
import dev.ragstore.core.chunk.EmbeddingSpace;
import dev.ragstore.core.document.Document;
import dev.ragstore.core.document.DocumentSource;
import dev.ragstore.core.document.DocumentStatus;
import dev.ragstore.core.document.IngestResult;
import dev.ragstore.core.ephemeral.JobState;
import dev.ragstore.core.ephemeral.JobStatus;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.error.StoreUnavailableException;
import dev.ragstore.core.ingest.RecursiveChunker;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.memory.InMemoryVectorIndex;
import dev.ragstore.core.page.PageRequest;
import dev.ragstore.core.search.IndexCapabilities;
import dev.ragstore.core.search.IndexHit;
import dev.ragstore.core.search.IndexQuery;
import dev.ragstore.core.search.IndexedChunk;
import dev.ragstore.core.search.SearchMode;
import dev.ragstore.core.search.VectorIndex;
import dev.ragstore.core.spi.Embedder;
import dev.ragstore.core.spi.HashingEmbedder;
import dev.ragstore.core.user.NewUser;
import dev.ragstore.core.user.UserId;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IngestionTest {

    private static final String TEXT = String.join("\n\n",
            "Kangaroos are marsupials that live in Australia and move by hopping on their strong hind legs.",
            "The wombat digs burrows with its claws and has a backwards-facing pouch so no soil gets in.",
            "Koalas sleep up to twenty hours a day because eucalyptus leaves give them very little energy.",
            "Platypuses lay eggs, hunt with electroreception and the males carry venomous spurs on their heels.",
            "Tasmanian devils have one of the strongest bites for their size of any living mammal.");

    private static DocumentSource text(String name, String content) {
        return DocumentSource.builder(name, "text/plain", content.getBytes(StandardCharsets.UTF_8))
                .metadata(Map.of("source", "test")).build();
    }

    private static RagStore.Builder smallChunks() {
        return RagStore.builder().chunker(RecursiveChunker.of(120, 0));
    }

    private static UserScope newUser(RagStore store, String name) {
        return store.forUser(store.admin().createUser(NewUser.of(name, "password-" + name)).id());
    }

    @Test
    void ingestsDocumentIntoChunksAndVectors() {
        InMemoryVectorIndex index = InMemoryVectorIndex.create();
        try (RagStore store = smallChunks().vectorIndex(index).build()) {
            UserScope alice = newUser(store, "alice");
            KnowledgeBase kb = alice.knowledgeBases().create("animals", "", Map.of());

            IngestResult result = alice.documents().ingest(kb.id(), text("animals.txt", TEXT));

            Document document = result.document();
            assertThat(result.duplicate()).isFalse();
            assertThat(result.chunks()).isGreaterThan(1);
            assertThat(document.status()).isEqualTo(DocumentStatus.COMPLETED);
            assertThat(document.errorMessage()).isNull();
            assertThat(document.extractedText()).isEqualTo(TEXT);
            assertThat(document.embeddingModel()).isEqualTo(store.space().model());
            assertThat(document.contentHash()).hasSize(64);
            List<Chunk> chunks = alice.documents().chunks(document.id());
            assertThat(chunks).hasSize(result.chunks());
            assertThat(chunks).extracting(Chunk::index).containsExactly(range(chunks.size()));
            assertThat(chunks).allSatisfy(chunk -> {
                assertThat(TEXT.substring(chunk.charStart(), chunk.charEnd())).isEqualTo(chunk.text());
                assertThat(chunk.metadata()).containsEntry("source", "test");
            });
            assertThat(document.tokensUsed()).isEqualTo(chunks.stream().mapToLong(Chunk::tokenCount).sum());
            assertThat(indexed(index, store, alice.userId(), kb)).hasSize(chunks.size());
            assertThat(alice.usage().today().documents()).isEqualTo(1);
        }
    }

    @Test
    void reingestingTheSameBytesReturnsTheExistingDocument() {
        try (RagStore store = smallChunks().build()) {
            UserScope alice = newUser(store, "alice");
            KnowledgeBase kb = alice.knowledgeBases().create("animals", "", Map.of());
            IngestResult first = alice.documents().ingest(kb.id(), text("animals.txt", TEXT));

            IngestResult second = alice.documents().ingest(kb.id(), text("copy-of-animals.txt", TEXT));

            assertThat(second.duplicate()).isTrue();
            assertThat(second.document().id()).isEqualTo(first.document().id());
            assertThat(second.document().fileName()).isEqualTo("animals.txt");
            assertThat(second.chunks()).isEqualTo(first.chunks());
            assertThat(alice.documents().list(kb.id(), PageRequest.first(10)).items()).hasSize(1);
            assertThat(alice.usage().today().documents()).isEqualTo(1);
        }
    }

    @Test
    void failedEmbeddingLeavesDocumentFailedAndReingestionResumesWithoutDuplicates() {
        InMemoryVectorIndex index = InMemoryVectorIndex.create();
        FlakyEmbedder embedder = new FlakyEmbedder(HashingEmbedder.create(384), 1, 2);
        try (RagStore store = smallChunks().vectorIndex(index).embedder(embedder).build()) {
            UserScope alice = newUser(store, "alice");
            KnowledgeBase kb = alice.knowledgeBases().create("animals", "", Map.of());

            assertThatThrownBy(() -> alice.documents().ingest(kb.id(), text("animals.txt", TEXT)))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("embedding service down");
            Document failed = alice.documents().list(kb.id(), PageRequest.first(10)).items().get(0);
            assertThat(failed.status()).isEqualTo(DocumentStatus.FAILED);
            assertThat(failed.errorMessage()).contains("StoreUnavailableException", "embedding service down");
            assertThat(store.ephemeral().jobs().get("ingest:" + failed.id())).map(JobState::status).contains(JobStatus.FAILED);

            IngestResult resumed = alice.documents().ingest(kb.id(), text("animals.txt", TEXT));

            assertThat(resumed.duplicate()).isFalse();
            assertThat(resumed.document().id()).isEqualTo(failed.id());
            assertThat(resumed.document().status()).isEqualTo(DocumentStatus.COMPLETED);
            assertThat(resumed.document().errorMessage()).isNull();
            List<Chunk> chunks = alice.documents().chunks(failed.id());
            assertThat(chunks).hasSize(resumed.chunks());
            assertThat(chunks).extracting(Chunk::index).doesNotHaveDuplicates();
            assertThat(indexed(index, store, alice.userId(), kb)).hasSize(chunks.size());
            assertThat(alice.usage().today().documents()).isEqualTo(1);
        }
    }

    @Test
    void vectorsWrittenBeforeACrashAreReplacedWhenIngestionResumes() {
        InMemoryVectorIndex index = InMemoryVectorIndex.create();
        CrashAfterFirstUpsert crashing = new CrashAfterFirstUpsert(index);
        try (RagStore store = smallChunks().vectorIndex(crashing).build()) {
            UserScope alice = newUser(store, "alice");
            KnowledgeBase kb = alice.knowledgeBases().create("animals", "", Map.of());
            assertThatThrownBy(() -> alice.documents().ingest(kb.id(), text("animals.txt", TEXT)))
                    .isInstanceOf(StoreUnavailableException.class);
            int firstRunChunks = indexed(index, store, alice.userId(), kb).size();
            assertThat(firstRunChunks).isGreaterThan(1);

            IngestResult resumed = alice.documents().ingest(kb.id(), text("animals.txt", TEXT));

            List<IndexHit> hits = indexed(index, store, alice.userId(), kb);
            assertThat(hits).hasSize(resumed.chunks());
            assertThat(hits).extracting(IndexHit::chunkId)
                    .containsExactlyInAnyOrderElementsOf(alice.documents().chunks(resumed.document().id())
                            .stream().map(Chunk::id).toList());
        }
    }

    @Test
    void reportsProgressAfterEveryEmbeddingBatch() {
        FlakyEmbedder embedder = new FlakyEmbedder(HashingEmbedder.create(384), 0, 2);
        try (RagStore store = smallChunks().embedder(embedder).build()) {
            UserScope alice = newUser(store, "alice");
            KnowledgeBase kb = alice.knowledgeBases().create("animals", "", Map.of());
            List<long[]> events = new ArrayList<>();
            List<String> messages = new ArrayList<>();

            IngestResult result = alice.documents().ingest(kb.id(), text("animals.txt", TEXT), (processed, total, message) -> {
                events.add(new long[] {processed, total});
                messages.add(message);
            });

            int chunks = result.chunks();
            List<Long> embedded = new ArrayList<>();
            for (int i = 0; i < events.size(); i++) {
                if (messages.get(i).equals("embedding") && events.get(i)[0] > 0) {
                    embedded.add(events.get(i)[0]);
                    assertThat(events.get(i)[1]).isEqualTo(chunks);
                }
            }
            assertThat(embedded).isSorted().hasSize((chunks + 1) / 2).endsWith((long) chunks);
            assertThat(events.get(events.size() - 1)).containsExactly(chunks, chunks);
            assertThat(messages.get(messages.size() - 1)).isEqualTo("completed");
            JobState job = store.ephemeral().jobs().get("ingest:" + result.document().id()).orElseThrow();
            assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
            assertThat(job.processed()).isEqualTo(chunks);
            assertThat(job.total()).isEqualTo(chunks);
        }
    }

    @Test
    void rejectsUnsupportedMimeTypeBeforeWritingAnything() {
        try (RagStore store = RagStore.inMemory()) {
            UserScope alice = newUser(store, "alice");
            KnowledgeBase kb = alice.knowledgeBases().create("animals", "", Map.of());
            DocumentSource source = DocumentSource.builder("a.bin", "application/x-unknown", new byte[] {1, 2}).build();

            assertThatThrownBy(() -> alice.documents().ingest(kb.id(), source))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("document mime type")
                    .hasMessageContaining("must be one of the supported types")
                    .hasMessageContaining("'application/x-unknown'");
            assertThat(alice.documents().list(kb.id(), PageRequest.first(10)).items()).isEmpty();
            assertThat(alice.usage().today().documents()).isZero();
        }
    }

    @Test
    void emptyTextCompletesWithoutChunks() {
        try (RagStore store = RagStore.inMemory()) {
            UserScope alice = newUser(store, "alice");
            KnowledgeBase kb = alice.knowledgeBases().create("animals", "", Map.of());

            IngestResult result = alice.documents().ingest(kb.id(), text("empty.txt", ""));

            assertThat(result.chunks()).isZero();
            assertThat(result.document().status()).isEqualTo(DocumentStatus.COMPLETED);
            assertThat(alice.documents().chunks(result.document().id())).isEmpty();
        }
    }

    @Test
    void embedderReturningWrongDimensionFailsTheDocument() {
        Embedder wrong = new Embedder() {
            private final HashingEmbedder real = HashingEmbedder.create(384);

            @Override
            public EmbeddingSpace space() {
                return real.space();
            }

            @Override
            public List<Embedding> embed(List<String> texts) {
                return texts.stream().map(t -> Embedding.of(1f, 2f, 3f)).toList();
            }

            @Override
            public int maxBatchSize() {
                return 16;
            }
        };
        try (RagStore store = smallChunks().embedder(wrong).build()) {
            UserScope alice = newUser(store, "alice");
            KnowledgeBase kb = alice.knowledgeBases().create("animals", "", Map.of());

            assertThatThrownBy(() -> alice.documents().ingest(kb.id(), text("animals.txt", TEXT)))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("embedding dimension must be 384")
                    .hasMessageContaining("but was 3");
            Document failed = alice.documents().list(kb.id(), PageRequest.first(10)).items().get(0);
            assertThat(failed.status()).isEqualTo(DocumentStatus.FAILED);
            assertThat(failed.errorMessage()).contains("embedding dimension must be 384");
            assertThat(alice.documents().chunks(failed.id())).isEmpty();
        }
    }

    @Test
    void anotherUsersKnowledgeBaseReadsAsNotFound() {
        try (RagStore store = RagStore.inMemory()) {
            UserScope alice = newUser(store, "alice");
            UserScope bob = newUser(store, "bob");
            KnowledgeBase kb = alice.knowledgeBases().create("animals", "", Map.of());

            assertThatThrownBy(() -> bob.documents().ingest(kb.id(), text("animals.txt", TEXT)))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("knowledge base '" + kb.id() + "' not found");
            assertThat(alice.documents().list(kb.id(), PageRequest.first(10)).items()).isEmpty();
        }
    }

    @Test
    void deletingADocumentRemovesItsVectors() {
        InMemoryVectorIndex index = InMemoryVectorIndex.create();
        try (RagStore store = smallChunks().vectorIndex(index).build()) {
            UserScope alice = newUser(store, "alice");
            KnowledgeBase kb = alice.knowledgeBases().create("animals", "", Map.of());
            IngestResult result = alice.documents().ingest(kb.id(), text("animals.txt", TEXT));

            alice.documents().delete(result.document().id());

            assertThat(indexed(index, store, alice.userId(), kb)).isEmpty();
            assertThat(alice.documents().find(result.document().id())).isEmpty();
            assertThatThrownBy(() -> alice.documents().delete(result.document().id()))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("document '" + result.document().id() + "' not found");
        }
    }

    @Test
    void concurrentIngestionsOfTheSameBytesStoreOneDocumentOnce() throws Exception {
        InMemoryVectorIndex index = InMemoryVectorIndex.create();
        try (RagStore store = smallChunks().vectorIndex(index).build()) {
            UserScope alice = newUser(store, "alice");
            KnowledgeBase kb = alice.knowledgeBases().create("animals", "", Map.of());
            int threads = 4;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<IngestResult>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return alice.documents().ingest(kb.id(), text("animals.txt", TEXT));
                }));
            }
            start.countDown();
            List<IngestResult> results = new ArrayList<>();
            for (Future<IngestResult> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            pool.shutdown();

            assertThat(results).extracting(r -> r.document().id()).containsOnly(results.get(0).document().id());
            assertThat(results).filteredOn(r -> !r.duplicate()).hasSize(1);
            assertThat(results).allSatisfy(r -> assertThat(r.chunks()).isEqualTo(results.get(0).chunks()));
            List<Chunk> chunks = alice.documents().chunks(results.get(0).document().id());
            assertThat(chunks).hasSize(results.get(0).chunks());
            assertThat(indexed(index, store, alice.userId(), kb)).hasSize(chunks.size());
            assertThat(alice.usage().today().documents()).isEqualTo(1);
        }
    }

    @Test
    void purgingAKnowledgeBaseRemovesItsDocumentsAndVectors() {
        InMemoryVectorIndex index = InMemoryVectorIndex.create();
        try (RagStore store = smallChunks().vectorIndex(index).build()) {
            UserScope alice = newUser(store, "alice");
            KnowledgeBase kb = alice.knowledgeBases().create("animals", "", Map.of());
            IngestResult result = alice.documents().ingest(kb.id(), text("animals.txt", TEXT));
            alice.knowledgeBases().delete(kb.id());
            assertThat(indexed(index, store, alice.userId(), kb)).isNotEmpty();

            alice.knowledgeBases().purge(kb.id());

            assertThat(indexed(index, store, alice.userId(), kb)).isEmpty();
            assertThat(alice.documents().find(result.document().id())).isEmpty();
            assertThatThrownBy(() -> alice.knowledgeBases().restore(kb.id()))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessage("knowledge base '" + kb.id() + "' not found");
        }
    }

    /** Every chunk the index holds for one knowledge base, read from the index itself. */
    static List<IndexHit> indexed(VectorIndex index, RagStore store, UserId owner, KnowledgeBase kb) {
        float[] probe = new float[store.space().dimension()];
        probe[0] = 1f;
        return index.search(new IndexQuery(store.space().name(), owner, List.of(kb.id()), SearchMode.VECTOR, null,
                List.of(Embedding.of(probe)), null, 1_000, null));
    }

    private static Integer[] range(int size) {
        Integer[] values = new Integer[size];
        for (int i = 0; i < size; i++) {
            values[i] = i;
        }
        return values;
    }

    /** An embedder that fails its first {@code failures} calls, as a remote embedding service might. */
    static final class FlakyEmbedder implements Embedder {
        private final Embedder delegate;
        private final AtomicInteger failures;
        private final int batchSize;

        FlakyEmbedder(Embedder delegate, int failures, int batchSize) {
            this.delegate = delegate;
            this.failures = new AtomicInteger(failures);
            this.batchSize = batchSize;
        }

        @Override
        public EmbeddingSpace space() {
            return delegate.space();
        }

        @Override
        public List<Embedding> embed(List<String> texts) {
            if (failures.getAndDecrement() > 0) {
                throw new StoreUnavailableException("embedder", true, "embedding service down", null);
            }
            return delegate.embed(texts);
        }

        @Override
        public int maxBatchSize() {
            return batchSize;
        }
    }

    /** Writes the first upsert, then fails as if the process had crashed right after it. */
    static final class CrashAfterFirstUpsert implements VectorIndex {
        private final VectorIndex delegate;
        private final AtomicInteger upserts = new AtomicInteger();

        CrashAfterFirstUpsert(VectorIndex delegate) {
            this.delegate = delegate;
        }

        @Override
        public IndexCapabilities capabilities() {
            return delegate.capabilities();
        }

        @Override
        public void createSpace(EmbeddingSpace space) {
            delegate.createSpace(space);
        }

        @Override
        public void upsert(String space, List<IndexedChunk> chunks) {
            delegate.upsert(space, chunks);
            if (upserts.incrementAndGet() == 1) {
                throw new StoreUnavailableException("test-index", true, "connection lost after write", null);
            }
        }

        @Override
        public void deleteChunks(String space, UserId owner, Collection<dev.ragstore.core.chunk.ChunkId> chunkIds) {
            delegate.deleteChunks(space, owner, chunkIds);
        }

        @Override
        public void deleteDocument(String space, UserId owner, dev.ragstore.core.document.DocumentId documentId) {
            delegate.deleteDocument(space, owner, documentId);
        }

        @Override
        public void deleteKnowledgeBase(String space, UserId owner, dev.ragstore.core.knowledge.KnowledgeBaseId knowledgeBaseId) {
            delegate.deleteKnowledgeBase(space, owner, knowledgeBaseId);
        }

        @Override
        public void deleteOwner(UserId owner) {
            delegate.deleteOwner(owner);
        }

        @Override
        public List<IndexHit> search(IndexQuery query) {
            return delegate.search(query);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
