package dev.ragstore.core;

import dev.ragstore.core.chunk.ChunkId;
import dev.ragstore.core.chunk.Embedding;
import dev.ragstore.core.chunk.EmbeddingSpace;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.document.DocumentSource;
import dev.ragstore.core.document.IngestResult;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.ingest.RecursiveChunker;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.memory.InMemoryVectorIndex;
import dev.ragstore.core.search.IndexCapabilities;
import dev.ragstore.core.search.IndexHit;
import dev.ragstore.core.search.IndexQuery;
import dev.ragstore.core.search.IndexedChunk;
import dev.ragstore.core.search.ReciprocalRankFusion;
import dev.ragstore.core.search.SearchHit;
import dev.ragstore.core.search.SearchMode;
import dev.ragstore.core.search.SearchRequest;
import dev.ragstore.core.search.VectorIndex;
import dev.ragstore.core.spi.HashingEmbedder;
import dev.ragstore.core.spi.MultiVectorEmbedder;
import dev.ragstore.core.user.NewUser;
import dev.ragstore.core.user.UserId;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class SearchTest {

    private static UserScope newUser(RagStore store, String name) {
        return store.forUser(store.admin().createUser(NewUser.of(name, "password-" + name)).id());
    }

    private static IngestResult ingest(UserScope user, KnowledgeBase kb, String name, String text) {
        return user.documents().ingest(kb.id(),
                DocumentSource.builder(name, "text/plain", text.getBytes(StandardCharsets.UTF_8)).build());
    }

    @Test
    void searchesEveryLiveKnowledgeBaseOfTheUserAndNoOneElses() {
        try (RagStore store = RagStore.inMemory()) {
            UserScope alice = newUser(store, "alice");
            UserScope bob = newUser(store, "bob");
            KnowledgeBase animals = alice.knowledgeBases().create("animals", "", Map.of());
            KnowledgeBase plants = alice.knowledgeBases().create("plants", "", Map.of());
            KnowledgeBase bobs = bob.knowledgeBases().create("bob", "", Map.of());
            ingest(alice, animals, "kangaroo.txt", "The kangaroo hops across the red desert.");
            ingest(alice, plants, "eucalyptus.txt", "The eucalyptus tree grows tall in the desert.");
            ingest(bob, bobs, "bob.txt", "Bob also writes about the desert.");

            List<SearchHit> hits = alice.search(SearchRequest.builder().text("desert").topK(10).build());

            assertThat(hits).extracting(SearchHit::fileName).containsExactlyInAnyOrder("kangaroo.txt", "eucalyptus.txt");
            assertThat(hits).extracting(h -> h.chunk().ownerId()).containsOnly(alice.userId());
            assertThat(hits).extracting(SearchHit::score).isSortedAccordingTo((a, b) -> Double.compare(b, a));
            assertThat(hits).allSatisfy(h -> assertThat(h.vectorRank()).isNotNull());

            List<SearchHit> onlyPlants = alice.search(SearchRequest.builder().text("desert").knowledgeBase(plants.id()).build());
            assertThat(onlyPlants).extracting(SearchHit::fileName).containsExactly("eucalyptus.txt");
        }
    }

    @Test
    void softDeletedKnowledgeBaseIsInvisibleUntilRestored() {
        try (RagStore store = RagStore.inMemory()) {
            UserScope alice = newUser(store, "alice");
            KnowledgeBase animals = alice.knowledgeBases().create("animals", "", Map.of());
            KnowledgeBase plants = alice.knowledgeBases().create("plants", "", Map.of());
            ingest(alice, animals, "kangaroo.txt", "The kangaroo hops across the red desert.");
            ingest(alice, plants, "eucalyptus.txt", "The eucalyptus tree grows tall in the desert.");

            alice.knowledgeBases().delete(animals.id());

            SearchRequest desert = SearchRequest.builder().text("desert").mode(SearchMode.HYBRID).build();
            assertThat(alice.search(desert)).extracting(SearchHit::fileName).containsExactly("eucalyptus.txt");
            assertThatThrownBy(() -> alice.search(SearchRequest.builder().text("desert").knowledgeBase(animals.id()).build()))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("knowledge base '" + animals.id() + "' not found");
            assertThat(alice.knowledgeBases().find(animals.id())).isEmpty();

            alice.knowledgeBases().restore(animals.id());

            assertThat(alice.search(desert)).extracting(SearchHit::fileName)
                    .containsExactlyInAnyOrder("kangaroo.txt", "eucalyptus.txt");
        }
    }

    @Test
    void anotherUsersKnowledgeBaseReadsAsNotFound() {
        try (RagStore store = RagStore.inMemory()) {
            UserScope alice = newUser(store, "alice");
            UserScope bob = newUser(store, "bob");
            KnowledgeBase animals = alice.knowledgeBases().create("animals", "", Map.of());
            ingest(alice, animals, "kangaroo.txt", "The kangaroo hops across the red desert.");

            assertThatThrownBy(() -> bob.search(SearchRequest.builder().text("desert").knowledgeBase(animals.id()).build()))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("knowledge base '" + animals.id() + "' not found");
            assertThat(bob.search(SearchRequest.builder().text("desert").build())).isEmpty();
        }
    }

    @Test
    void hybridIsFusedFromVectorAndKeywordWhenTheIndexLacksNativeHybrid() {
        RecordingIndex index = new RecordingIndex(InMemoryVectorIndex.create(), EnumSet.of(SearchMode.VECTOR, SearchMode.KEYWORD));
        try (RagStore store = RagStore.builder().vectorIndex(index).chunker(RecursiveChunker.of(80, 0)).build()) {
            UserScope alice = newUser(store, "alice");
            KnowledgeBase kb = alice.knowledgeBases().create("animals", "", Map.of());
            ingest(alice, kb, "animals.txt", String.join("\n\n",
                    "The kangaroo hops across the red desert at dawn.",
                    "A wombat digs a burrow under the gum tree.",
                    "The koala sleeps in the eucalyptus all afternoon.",
                    "Kangaroo joeys ride in the pouch for months."));
            index.queries.clear();

            List<SearchHit> hits = alice.search(SearchRequest.builder().text("kangaroo pouch").mode(SearchMode.HYBRID).topK(3).build());

            assertThat(index.queries).extracting(IndexQuery::mode).containsExactlyInAnyOrder(SearchMode.VECTOR, SearchMode.KEYWORD);
            assertThat(index.queries).allSatisfy(q -> assertThat(q.topK()).isEqualTo(50));
            assertThat(hits).hasSize(3);
            assertThat(hits.get(0).chunk().text()).contains("pouch");
            assertThat(hits.get(0).vectorRank()).isNotNull();
            assertThat(hits.get(0).keywordRank()).isNotNull();
            for (SearchHit hit : hits) {
                double expected = rrf(hit.vectorRank()) + rrf(hit.keywordRank());
                assertThat(hit.score()).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-12));
            }
            assertThat(hits).extracting(SearchHit::score).isSortedAccordingTo((a, b) -> Double.compare(b, a));

            double second = hits.get(1).score();
            List<SearchHit> aboveSecond = alice.search(SearchRequest.builder().text("kangaroo pouch")
                    .mode(SearchMode.HYBRID).topK(3).minScore(second).build());
            assertThat(aboveSecond).hasSize(2).allSatisfy(h -> assertThat(h.score()).isGreaterThanOrEqualTo(second));
        }
    }

    @Test
    void rejectsAModeTheIndexCannotAnswerNamingTheAdapter() {
        RecordingIndex index = new RecordingIndex(InMemoryVectorIndex.create(), EnumSet.of(SearchMode.VECTOR));
        try (RagStore store = RagStore.builder().vectorIndex(index).build()) {
            UserScope alice = newUser(store, "alice");
            KnowledgeBase kb = alice.knowledgeBases().create("animals", "", Map.of());
            ingest(alice, kb, "kangaroo.txt", "The kangaroo hops across the red desert.");

            assertThatThrownBy(() -> alice.search(SearchRequest.hybrid("kangaroo")))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("search mode")
                    .hasMessageContaining(index.capabilities().adapter())
                    .hasMessageContaining("HYBRID");
            assertThatThrownBy(() -> alice.search(SearchRequest.builder().text("kangaroo").mode(SearchMode.KEYWORD).build()))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("lacks the capability KEYWORD");
        }
    }

    @Test
    void annCandidatesTravelToTheIndexForEveryVectorRankingAndAreOtherwiseAbsent() {
        RecordingIndex index = new RecordingIndex(InMemoryVectorIndex.create(), EnumSet.of(SearchMode.VECTOR, SearchMode.KEYWORD));
        try (RagStore store = RagStore.builder().vectorIndex(index).build()) {
            UserScope alice = newUser(store, "alice");
            KnowledgeBase kb = alice.knowledgeBases().create("animals", "", Map.of());
            ingest(alice, kb, "kangaroo.txt", "The kangaroo hops across the red desert.");

            alice.search(SearchRequest.builder().text("kangaroo").annCandidates(250).build());
            alice.search(SearchRequest.builder().text("kangaroo").mode(SearchMode.HYBRID).annCandidates(300).build());
            alice.search(SearchRequest.builder().text("kangaroo").build());

            assertThat(index.queries).extracting(IndexQuery::mode, IndexQuery::annCandidates).containsExactly(
                    tuple(SearchMode.VECTOR, 250), tuple(SearchMode.VECTOR, 300), tuple(SearchMode.KEYWORD, null),
                    tuple(SearchMode.VECTOR, null));
        }
    }

    @Test
    void rejectsAnnCandidatesOutsideOneToOneThousandNamingTheField() {
        for (int wrong : new int[] {0, -1, SearchRequest.MAX_ANN_CANDIDATES + 1}) {
            assertThatThrownBy(() -> SearchRequest.builder().text("kangaroo").annCandidates(wrong).build())
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("search annCandidates")
                    .hasMessageContaining("between 1 and 1000")
                    .hasMessageContaining(Integer.toString(wrong));
        }
    }

    @Test
    void rejectsAQueryVectorOfTheWrongDimension() {
        try (RagStore store = RagStore.inMemory()) {
            UserScope alice = newUser(store, "alice");
            alice.knowledgeBases().create("animals", "", Map.of());

            assertThatThrownBy(() -> alice.search(SearchRequest.builder().vector(Embedding.of(1f, 0f, 0f)).build()))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("search vector dimension must be 384 for space '" + store.space().name() + "'")
                    .hasMessageContaining("but was 3");
        }
    }

    @Test
    void rejectsMultiVectorQueriesWhenTheIndexCannotAnswerThem() {
        RecordingIndex index = new RecordingIndex(InMemoryVectorIndex.create(), EnumSet.allOf(SearchMode.class), false);
        try (RagStore store = RagStore.builder().vectorIndex(index).build()) {
            UserScope alice = newUser(store, "alice");
            alice.knowledgeBases().create("animals", "", Map.of());
            float[] v = new float[store.space().dimension()];
            v[0] = 1f;

            assertThatThrownBy(() -> alice.search(SearchRequest.builder().vectors(List.of(Embedding.of(v), Embedding.of(v))).build()))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("search vectors")
                    .hasMessageContaining("multi-vector")
                    .hasMessageContaining(index.capabilities().adapter());
        }
    }

    @Test
    void hitsOfDeletedDocumentsNeverAppear() {
        try (RagStore store = RagStore.inMemory()) {
            UserScope alice = newUser(store, "alice");
            KnowledgeBase kb = alice.knowledgeBases().create("animals", "", Map.of());
            IngestResult kangaroo = ingest(alice, kb, "kangaroo.txt", "The kangaroo hops across the red desert.");
            ingest(alice, kb, "koala.txt", "The koala sleeps in the desert heat.");

            alice.documents().delete(kangaroo.document().id());

            assertThat(alice.search(SearchRequest.builder().text("kangaroo desert").build()))
                    .extracting(SearchHit::fileName).containsExactly("koala.txt");
        }
    }

    private static double rrf(Integer rank) {
        return rank == null ? 0 : 1.0 / (ReciprocalRankFusion.DEFAULT_K + rank);
    }

    /** Token vectors of a text's first and last word (one for a single word), by the hashing embedder; the pooled vector is the whole text's. */
    private static final class TwoTokenEmbedder implements MultiVectorEmbedder {
        private final HashingEmbedder words = HashingEmbedder.create(32);
        final List<List<String>> multiCalls = new CopyOnWriteArrayList<>();

        @Override
        public EmbeddingSpace space() {
            return words.space();
        }

        @Override
        public List<Embedding> embed(List<String> texts) {
            return words.embed(texts);
        }

        @Override
        public List<List<Embedding>> embedMulti(List<String> texts) {
            multiCalls.add(List.copyOf(texts));
            return texts.stream().map(text -> {
                String[] split = text.trim().split("\\s+");
                return words.embed(split.length == 1 ? List.of(split[0]) : List.of(split[0], split[split.length - 1]));
            }).toList();
        }

        @Override
        public int maxBatchSize() {
            return 8;
        }
    }

    @Test
    void multiVectorEmbedderStoresTokenVectorsAndEmbedsQueriesIntoThem() {
        RecordingIndex index = new RecordingIndex(InMemoryVectorIndex.create(), EnumSet.allOf(SearchMode.class), true);
        TwoTokenEmbedder embedder = new TwoTokenEmbedder();
        try (RagStore store = RagStore.builder().vectorIndex(index).embedder(embedder).build()) {
            UserScope alice = newUser(store, "alice");
            KnowledgeBase kb = alice.knowledgeBases().create("kb", "", Map.of());
            ingest(alice, kb, "k.txt", "kangaroo hops across the desert");
            ingest(alice, kb, "e.txt", "eucalyptus grows tall everywhere");

            List<SearchHit> hits = alice.search(SearchRequest.builder().text("desert").knowledgeBase(kb.id()).build());

            assertThat(hits.get(0).fileName()).isEqualTo("k.txt");
            assertThat(hits.get(0).score()).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-6));
            assertThat(index.queries).singleElement().satisfies(q -> assertThat(q.vectors()).hasSize(1));
            assertThat(embedder.multiCalls).contains(List.of("desert"));
        }
    }

    @Test
    void multiVectorEmbedderIsRefusedByAnIndexWithoutMultiVectorSearch() {
        RecordingIndex index = new RecordingIndex(InMemoryVectorIndex.create(), EnumSet.allOf(SearchMode.class), false);
        assertThatThrownBy(() -> RagStore.builder().vectorIndex(index).embedder(new TwoTokenEmbedder()).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("embedder").hasMessageContaining("multi-vector");
    }

    /** Reports a reduced set of capabilities and records the queries it answers. */
    static final class RecordingIndex implements VectorIndex {
        private final VectorIndex delegate;
        private final Set<SearchMode> modes;
        private final boolean multiVector;
        final List<IndexQuery> queries = new CopyOnWriteArrayList<>();

        RecordingIndex(VectorIndex delegate, Set<SearchMode> modes) {
            this(delegate, modes, delegate.capabilities().multiVector());
        }

        RecordingIndex(VectorIndex delegate, Set<SearchMode> modes, boolean multiVector) {
            this.delegate = delegate;
            this.modes = Set.copyOf(modes);
            this.multiVector = multiVector;
        }

        @Override
        public IndexCapabilities capabilities() {
            IndexCapabilities real = delegate.capabilities();
            return new IndexCapabilities("reduced-" + real.adapter(), real.metrics(), real.vectorTypes(), modes,
                    multiVector, real.limitations());
        }

        @Override
        public void createSpace(EmbeddingSpace space) {
            delegate.createSpace(space);
        }

        @Override
        public void upsert(String space, List<IndexedChunk> chunks) {
            delegate.upsert(space, chunks);
        }

        @Override
        public void deleteChunks(String space, UserId owner, Collection<ChunkId> chunkIds) {
            delegate.deleteChunks(space, owner, chunkIds);
        }

        @Override
        public void deleteDocument(String space, UserId owner, DocumentId documentId) {
            delegate.deleteDocument(space, owner, documentId);
        }

        @Override
        public void deleteKnowledgeBase(String space, UserId owner, KnowledgeBaseId knowledgeBaseId) {
            delegate.deleteKnowledgeBase(space, owner, knowledgeBaseId);
        }

        @Override
        public void deleteOwner(UserId owner) {
            delegate.deleteOwner(owner);
        }

        @Override
        public List<IndexHit> search(IndexQuery query) {
            if (!modes.contains(query.mode())) {
                throw new AssertionError("the facade sent mode " + query.mode() + " the index does not advertise");
            }
            queries.add(query);
            return delegate.search(query);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
