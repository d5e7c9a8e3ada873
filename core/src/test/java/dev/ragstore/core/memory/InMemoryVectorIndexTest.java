package dev.ragstore.core.memory;

import dev.ragstore.core.chunk.ChunkId;
import dev.ragstore.core.chunk.DistanceMetric;
import dev.ragstore.core.chunk.Embedding;
import dev.ragstore.core.chunk.EmbeddingSpace;
import dev.ragstore.core.chunk.VectorType;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.error.ConflictException;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.error.StoreUnavailableException;
import dev.ragstore.core.filter.Filter;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.search.IndexHit;
import dev.ragstore.core.search.IndexQuery;
import dev.ragstore.core.search.IndexedChunk;
import dev.ragstore.core.search.ReciprocalRankFusion;
import dev.ragstore.core.search.SearchMode;
import dev.ragstore.core.user.UserId;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class InMemoryVectorIndexTest {

    private final Fixtures fixtures = new Fixtures();
    private final UserId owner = new UserId(fixtures.nextUuid());
    private final KnowledgeBaseId knowledgeBase = new KnowledgeBaseId(fixtures.nextUuid());
    private final DocumentId document = new DocumentId(fixtures.nextUuid());
    private final InMemoryVectorIndex index = InMemoryVectorIndex.create();

    @Test
    void statesItsCapabilities() {
        assertThat(index.capabilities().adapter()).isEqualTo("memory");
        assertThat(index.capabilities().metrics()).containsExactlyInAnyOrder(DistanceMetric.values());
        assertThat(index.capabilities().vectorTypes()).containsExactlyInAnyOrder(VectorType.values());
        assertThat(index.capabilities().modes()).containsExactlyInAnyOrder(SearchMode.values());
        assertThat(index.capabilities().multiVector()).isTrue();
    }

    @Test
    void createsASpaceIdempotentlyButRejectsAnotherDefinitionOfTheName() {
        index.createSpace(space(DistanceMetric.COSINE));
        index.createSpace(space(DistanceMetric.COSINE));

        assertThatThrownBy(() -> index.createSpace(EmbeddingSpace.of("s", "m", 4, DistanceMetric.COSINE)))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("'s'").hasMessageContaining("dimension 3").hasMessageContaining("dimension 4")
                .satisfies(e -> assertThat(((ConflictException) e).rule()).isEqualTo("embedding_space.definition"));
        assertThatThrownBy(() -> index.createSpace(space(DistanceMetric.L2)))
                .isInstanceOf(ConflictException.class).hasMessageContaining("metric L2");
        assertThatThrownBy(() -> index.createSpace(new EmbeddingSpace("s", "m", 3, DistanceMetric.COSINE, VectorType.FLOAT16)))
                .isInstanceOf(ConflictException.class).hasMessageContaining("type FLOAT16");
    }

    @Test
    void rejectsUpsertIntoAnUnknownSpace() {
        assertThatThrownBy(() -> index.upsert("nope", List.of(chunk(UUID.randomUUID(), "t", 1, 0, 0))))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("embedding space 'nope'");
    }

    @Test
    void rejectsVectorWithWrongDimensionAndWritesNothingOfTheBatch() {
        index.createSpace(space(DistanceMetric.COSINE));
        IndexedChunk good = chunk(fixtures.nextUuid(), "good", 1, 0, 0);
        IndexedChunk bad = new IndexedChunk(new ChunkId(fixtures.nextUuid()), owner, knowledgeBase, document, 1, null,
                "text/plain", "bad", Map.of(), Fixtures.T0, List.of(Embedding.of(1, 2, 3, 4)));

        assertThatThrownBy(() -> index.upsert("s", List.of(good, bad)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("embedding dimension").hasMessageContaining("must be 3 for space 's'")
                .hasMessageContaining("but was 4");
        assertThat(index.search(vectorQuery(1, 0, 0))).isEmpty();
    }

    @Test
    void rejectsQueryVectorWithWrongDimension() {
        index.createSpace(space(DistanceMetric.COSINE));
        IndexQuery query = new IndexQuery("s", owner, List.of(knowledgeBase), SearchMode.VECTOR, null,
                List.of(Embedding.of(1, 0)), null, 10, null);
        assertThatThrownBy(() -> index.search(query))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("must be 3 for space 's'")
                .hasMessageContaining("but was 2");
    }

    @Test
    void scoresEveryMetricAsDocumented() {
        for (DistanceMetric metric : DistanceMetric.values()) {
            InMemoryVectorIndex fresh = InMemoryVectorIndex.create();
            fresh.createSpace(space(metric));
            fresh.upsert("s", List.of(chunk(fixtures.nextUuid(), "t", 2, 0, 1)));
            double score = fresh.search(vectorQuery(1, 2, 2)).get(0).score();
            double expected = metric == DistanceMetric.COSINE ? 4 / (3 * Math.sqrt(5))
                    : metric == DistanceMetric.INNER_PRODUCT ? 4 : -Math.sqrt(6);
            assertThat(score).as(metric.name()).isCloseTo(expected, within(1e-9));
        }
    }

    @Test
    void scoresMultiVectorChunksByMaxSim() {
        index.createSpace(EmbeddingSpace.of("s", "m", 2, DistanceMetric.INNER_PRODUCT));
        IndexedChunk multi = new IndexedChunk(new ChunkId(fixtures.nextUuid()), owner, knowledgeBase, document, 0, 1,
                "text/plain", "page", Map.of(), Fixtures.T0, List.of(Embedding.of(1, 0), Embedding.of(0.5f, 2)));
        index.upsert("s", List.of(multi));
        IndexQuery query = new IndexQuery("s", owner, List.of(knowledgeBase), SearchMode.VECTOR, null,
                List.of(Embedding.of(1, 0), Embedding.of(0, 1)), null, 10, null);

        // Query vector (1,0): best is 1 (against (1,0)); (0,1): best is 2 (against (0.5,2)).
        assertThat(index.search(query)).singleElement().satisfies(hit -> assertThat(hit.score()).isEqualTo(3.0));
    }

    @Test
    void storesFloat16SpacesRoundedToHalfPrecision() {
        index.createSpace(new EmbeddingSpace("h", "m", 1, DistanceMetric.INNER_PRODUCT, VectorType.FLOAT16));
        index.upsert("h", List.of(new IndexedChunk(new ChunkId(fixtures.nextUuid()), owner, knowledgeBase, document, 0,
                null, "text/plain", "t", Map.of(), Fixtures.T0, List.of(Embedding.of(0.1f)))));
        IndexQuery query = new IndexQuery("h", owner, List.of(knowledgeBase), SearchMode.VECTOR, null,
                List.of(Embedding.of(1f)), null, 1, null);

        assertThat(index.search(query).get(0).score()).isEqualTo(0.0999755859375);
    }

    @Test
    void rejectsComponentsBeyondTheHalfPrecisionRange() {
        index.createSpace(new EmbeddingSpace("h", "m", 2, DistanceMetric.L2, VectorType.FLOAT16));
        IndexedChunk huge = new IndexedChunk(new ChunkId(fixtures.nextUuid()), owner, knowledgeBase, document, 0, null,
                "text/plain", "t", Map.of(), Fixtures.T0, List.of(Embedding.of(1f, 70_000f)));
        assertThatThrownBy(() -> index.upsert("h", List.of(huge)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("embedding[1]")
                .hasMessageContaining("±65504").hasMessageContaining("'h'").hasMessageContaining("70000");
    }

    @Test
    void ranksByVectorWithOneBasedRanksTopKAndInclusiveMinScore() {
        index.createSpace(space(DistanceMetric.COSINE));
        ChunkId exact = upsert("exact", 1, 0, 0);
        ChunkId close = upsert("close", 1, 1, 0);
        upsert("far", 0, 1, 0);

        List<IndexHit> hits = index.search(vectorQuery(1, 0, 0));
        assertThat(hits).extracting(IndexHit::vectorRank).containsExactly(1, 2, 3);
        assertThat(hits).extracting(IndexHit::keywordRank).containsOnlyNulls();
        assertThat(hits.get(0).chunkId()).isEqualTo(exact);
        assertThat(hits.get(1).chunkId()).isEqualTo(close);

        IndexQuery top1 = new IndexQuery("s", owner, List.of(knowledgeBase), SearchMode.VECTOR, null,
                List.of(Embedding.of(1, 0, 0)), null, 1, null);
        assertThat(index.search(top1)).extracting(IndexHit::chunkId).containsExactly(exact);

        IndexQuery atLeastOne = new IndexQuery("s", owner, List.of(knowledgeBase), SearchMode.VECTOR, null,
                List.of(Embedding.of(1, 0, 0)), null, 10, 1.0);
        assertThat(index.search(atLeastOne)).extracting(IndexHit::chunkId).containsExactly(exact);
    }

    @Test
    void breaksScoreTiesByUnsignedChunkId() {
        index.createSpace(space(DistanceMetric.COSINE));
        UUID high = UUID.fromString("80000000-0000-7000-8000-000000000000");
        UUID low = UUID.fromString("7fffffff-ffff-7fff-bfff-ffffffffffff");
        index.upsert("s", List.of(chunk(high, "a", 1, 0, 0), chunk(low, "b", 1, 0, 0)));

        assertThat(index.search(vectorQuery(1, 0, 0))).extracting(h -> h.chunkId().value()).containsExactly(low, high);
    }

    @Test
    void ranksByKeywordWithBm25AndLeavesOutChunksWithoutATerm() {
        index.createSpace(space(DistanceMetric.COSINE));
        ChunkId twice = upsert("vector search vector", 1, 0, 0);
        ChunkId once = upsert("vector databases and other stores", 1, 0, 0);
        upsert("nothing relevant", 1, 0, 0);

        List<IndexHit> hits = index.search(keywordQuery("Vector"));
        assertThat(hits).extracting(IndexHit::chunkId).containsExactly(twice, once);
        assertThat(hits).extracting(IndexHit::keywordRank).containsExactly(1, 2);
        assertThat(hits).extracting(IndexHit::vectorRank).containsOnlyNulls();
        assertThat(hits.get(0).score()).isGreaterThan(hits.get(1).score()).isPositive();
        assertThat(index.search(keywordQuery("?!"))).isEmpty();
    }

    @Test
    void fusesVectorAndKeywordRanksForHybrid() {
        index.createSpace(space(DistanceMetric.COSINE));
        ChunkId both = upsert("hybrid retrieval", 1, 0, 0);
        ChunkId vectorOnly = upsert("unrelated words", 0.9f, 0.1f, 0);
        ChunkId keywordOnly = upsert("retrieval retrieval", 0, 0, 1);

        IndexQuery query = new IndexQuery("s", owner, List.of(knowledgeBase), SearchMode.HYBRID, "retrieval",
                List.of(Embedding.of(1, 0, 0)), null, 10, null);
        List<IndexHit> hits = index.search(query);

        assertThat(hits.get(0).chunkId()).isEqualTo(both);
        assertThat(hits.get(0).vectorRank()).isEqualTo(1);
        assertThat(hits.get(0).keywordRank()).isEqualTo(2);
        assertThat(hits.get(0).score()).isEqualTo(1.0 / (ReciprocalRankFusion.DEFAULT_K + 1) + 1.0 / (ReciprocalRankFusion.DEFAULT_K + 2));
        assertThat(hits).extracting(IndexHit::chunkId).contains(vectorOnly, keywordOnly);
        IndexHit keywordHit = hits.stream().filter(h -> h.chunkId().equals(keywordOnly)).findFirst().orElseThrow();
        assertThat(keywordHit.keywordRank()).isEqualTo(1);
        assertThat(keywordHit.vectorRank()).isEqualTo(3);
    }

    @Test
    void searchesOnlyTheOwnersChunksInTheGivenKnowledgeBasesThatPassTheFilter() {
        index.createSpace(space(DistanceMetric.COSINE));
        ChunkId mine = upsert("mine", 1, 0, 0);
        KnowledgeBaseId otherBase = new KnowledgeBaseId(fixtures.nextUuid());
        index.upsert("s", List.of(new IndexedChunk(new ChunkId(fixtures.nextUuid()), owner, otherBase, document, 0, null,
                "text/plain", "other base", Map.of(), Fixtures.T0, List.of(Embedding.of(1, 0, 0)))));
        UserId stranger = new UserId(fixtures.nextUuid());
        index.upsert("s", List.of(new IndexedChunk(new ChunkId(fixtures.nextUuid()), stranger, knowledgeBase, document, 0,
                null, "text/plain", "theirs", Map.of(), Fixtures.T0, List.of(Embedding.of(1, 0, 0)))));
        ChunkId tagged = new ChunkId(fixtures.nextUuid());
        index.upsert("s", List.of(new IndexedChunk(tagged, owner, knowledgeBase, document, 1, 2, "application/pdf",
                "tagged", Map.of("lang", "de"), Fixtures.T0, List.of(Embedding.of(1, 0, 0)))));

        assertThat(index.search(vectorQuery(1, 0, 0))).extracting(IndexHit::chunkId).containsExactlyInAnyOrder(mine, tagged);
        IndexQuery filtered = new IndexQuery("s", owner, List.of(knowledgeBase), SearchMode.VECTOR, null,
                List.of(Embedding.of(1, 0, 0)), Filter.eq("lang", "de"), 10, null);
        assertThat(index.search(filtered)).extracting(IndexHit::chunkId).containsExactly(tagged);
    }

    @Test
    void deletesOnlyTheOwnersChunks() {
        index.createSpace(space(DistanceMetric.COSINE));
        ChunkId chunk = upsert("a", 1, 0, 0);

        index.deleteChunks("s", new UserId(fixtures.nextUuid()), List.of(chunk));
        index.deleteDocument("s", new UserId(fixtures.nextUuid()), document);
        index.deleteOwner(new UserId(fixtures.nextUuid()));
        assertThat(index.search(vectorQuery(1, 0, 0))).hasSize(1);

        index.deleteChunks("s", owner, List.of(chunk, new ChunkId(fixtures.nextUuid())));
        assertThat(index.search(vectorQuery(1, 0, 0))).isEmpty();
    }

    @Test
    void deletesByDocumentKnowledgeBaseAndOwner() {
        index.createSpace(space(DistanceMetric.COSINE));
        index.createSpace(EmbeddingSpace.of("t", "m", 3, DistanceMetric.COSINE));
        upsert("a", 1, 0, 0);
        index.deleteDocument("s", owner, document);
        assertThat(index.search(vectorQuery(1, 0, 0))).isEmpty();

        upsert("b", 1, 0, 0);
        index.deleteKnowledgeBase("s", owner, knowledgeBase);
        assertThat(index.search(vectorQuery(1, 0, 0))).isEmpty();

        upsert("c", 1, 0, 0);
        index.upsert("t", List.of(chunk(fixtures.nextUuid(), "d", 1, 0, 0)));
        index.deleteOwner(owner);
        assertThat(index.search(vectorQuery(1, 0, 0))).isEmpty();
        IndexQuery inT = new IndexQuery("t", owner, List.of(knowledgeBase), SearchMode.VECTOR, null,
                List.of(Embedding.of(1, 0, 0)), null, 10, null);
        assertThat(index.search(inT)).isEmpty();
        index.deleteDocument("never_created", owner, document);
    }

    @Test
    void replacesAChunkOnUpsertBySameId() {
        index.createSpace(space(DistanceMetric.COSINE));
        UUID id = fixtures.nextUuid();
        index.upsert("s", List.of(chunk(id, "old words", 1, 0, 0)));
        index.upsert("s", List.of(chunk(id, "new words", 0, 1, 0)));

        assertThat(index.search(vectorQuery(0, 1, 0))).singleElement()
                .satisfies(hit -> assertThat(hit.score()).isEqualTo(1.0));
        assertThat(index.search(keywordQuery("old"))).isEmpty();
        assertThat(index.search(keywordQuery("new"))).hasSize(1);
    }

    @Test
    void failsEveryCallButCapabilitiesAfterClose() {
        index.createSpace(space(DistanceMetric.COSINE));
        index.close();
        index.close();

        assertThat(index.capabilities().adapter()).isEqualTo("memory");
        assertThatThrownBy(() -> index.search(vectorQuery(1, 0, 0)))
                .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("closed");
    }

    private EmbeddingSpace space(DistanceMetric metric) {
        return EmbeddingSpace.of("s", "m", 3, metric);
    }

    private ChunkId upsert(String text, float... vector) {
        IndexedChunk chunk = chunk(fixtures.nextUuid(), text, vector);
        index.upsert("s", List.of(chunk));
        return chunk.chunkId();
    }

    private IndexedChunk chunk(UUID id, String text, float... vector) {
        return new IndexedChunk(new ChunkId(id), owner, knowledgeBase, document, 0, null, "text/plain", text, Map.of(),
                Fixtures.T0, List.of(Embedding.of(vector)));
    }

    private IndexQuery vectorQuery(float... vector) {
        return new IndexQuery("s", owner, List.of(knowledgeBase), SearchMode.VECTOR, null, List.of(Embedding.of(vector)),
                null, 10, null);
    }

    private IndexQuery keywordQuery(String text) {
        return new IndexQuery("s", owner, List.of(knowledgeBase), SearchMode.KEYWORD, text, List.of(), null, 10, null);
    }
}
