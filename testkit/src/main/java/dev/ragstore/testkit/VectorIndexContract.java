package dev.ragstore.testkit;

import dev.ragstore.core.chunk.ChunkId;
import dev.ragstore.core.chunk.DistanceMetric;
import dev.ragstore.core.chunk.Embedding;
import dev.ragstore.core.chunk.EmbeddingSpace;
import dev.ragstore.core.chunk.VectorType;
import dev.ragstore.core.error.ConflictException;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.search.IndexCapabilities;
import dev.ragstore.core.search.IndexHit;
import dev.ragstore.core.search.IndexedChunk;
import dev.ragstore.core.search.SearchMode;
import dev.ragstore.core.search.VectorIndex;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Contract of the {@link VectorIndex} port: spaces are created idempotently and a conflicting
 * redefinition is refused; upserts insert or replace by chunk id and a batch with a wrong
 * dimension writes nothing; deletes by chunk, document, knowledge base and owner remove exactly
 * what they name and never another owner's chunks; searches see only the query owner's chunks
 * in the named knowledge bases, best first, scored as {@link DistanceMetric} documents
 * (cosine similarity, dot product, negated Euclidean distance; checked against hand-computed
 * values within 1e-4), cut by {@code topK} and an inclusive {@code minScore}. Filters, built-in
 * fields, recall, multi-vector MaxSim, keyword and hybrid search are in
 * {@link VectorIndexSearchContract}.
 *
 * <p>Subclass it and implement {@link #newIndex()}: a new index, empty or isolated. A test that
 * needs a capability the index does not declare in {@link VectorIndex#capabilities()} is aborted
 * with a message naming the adapter and the capability.
 */
public abstract class VectorIndexContract extends IndexContractSupport {

    static final float[] QUERY = {3, 4, 0, 0};
    static final float[] A = {1, 0, 0, 0};
    static final float[] B = {0, 1, 0, 0};
    static final float[] C = {1, 1, 1, 1};
    static final float[] D = {-1, 0, 0, 0};
    private static final double TOLERANCE = 1e-4;

    @Test
    void capabilitiesAreStatedTruthfully() {
        IndexCapabilities capabilities = index().capabilities();

        assertThat(capabilities.adapter()).isNotBlank();
        assertThat(capabilities.metrics()).isNotEmpty();
        assertThat(capabilities.vectorTypes()).contains(VectorType.FLOAT32);
        assertThat(capabilities.modes()).contains(SearchMode.VECTOR);
        assertThat(index().capabilities()).isEqualTo(capabilities);
    }

    @Test
    void createSpaceIsIdempotent() {
        EmbeddingSpace space = newSpace(4, anyMetric());
        Owner owner = Owner.random();
        IndexedChunk chunk = chunk(owner, 0, "kept", A);
        index().upsert(space.name(), List.of(chunk));

        index().createSpace(space);
        index().createSpace(new EmbeddingSpace(space.name(), "another model name", 4, space.metric(), space.vectorType()));

        assertThat(ids(index().search(vectorQuery(space, owner, 10, A)))).containsExactly(chunk.chunkId());
    }

    @Test
    void redefiningASpaceIsAConflict() {
        EmbeddingSpace space = newSpace(4, anyMetric());

        assertThatThrownBy(() -> index().createSpace(EmbeddingSpace.of(space.name(), "kit-model", 5, space.metric())))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining(space.name());
        for (DistanceMetric other : index().capabilities().metrics()) {
            if (other != space.metric()) {
                assertThatThrownBy(() -> index().createSpace(EmbeddingSpace.of(space.name(), "kit-model", 4, other)))
                        .isInstanceOf(ConflictException.class)
                        .hasMessageContaining(space.name());
            }
        }
        if (index().capabilities().vectorTypes().contains(VectorType.FLOAT16)) {
            assertThatThrownBy(() -> index().createSpace(new EmbeddingSpace(space.name(), "kit-model", 4, space.metric(),
                    VectorType.FLOAT16))).isInstanceOf(ConflictException.class);
        }
        index().createSpace(space);
    }

    @Test
    void spacesItCannotHoldAreRejected() {
        IndexCapabilities capabilities = index().capabilities();
        List<EmbeddingSpace> unsupported = new ArrayList<>();
        for (DistanceMetric metric : EnumSet.complementOf(EnumSet.copyOf(capabilities.metrics()))) {
            unsupported.add(new EmbeddingSpace(spaceName(), "kit-model", 4, metric, VectorType.FLOAT32));
        }
        for (VectorType type : EnumSet.complementOf(EnumSet.copyOf(capabilities.vectorTypes()))) {
            unsupported.add(new EmbeddingSpace(spaceName(), "kit-model", 4, anyMetric(), type));
        }
        if (unsupported.isEmpty()) {
            Assumptions.abort("not applicable: vector index '" + capabilities.adapter()
                    + "' supports every metric and vector type, so there is nothing to reject");
        }
        for (EmbeddingSpace space : unsupported) {
            assertThatThrownBy(() -> index().createSpace(space)).isInstanceOf(InvalidInputException.class);
        }
    }

    @Test
    void upsertIntoAnUnknownSpaceIsNotFound() {
        String unknown = spaceName();

        assertThatThrownBy(() -> index().upsert(unknown, List.of(chunk(Owner.random(), 0, "x", A))))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining(unknown);
    }

    @Test
    void cosineScoresAreTheCosineSimilarity() {
        assertScores(DistanceMetric.COSINE, new double[] {0.8, 0.7, 0.6, -0.6}, "B", "C", "A", "D");
    }

    @Test
    void innerProductScoresAreTheDotProduct() {
        assertScores(DistanceMetric.INNER_PRODUCT, new double[] {7, 4, 3, -3}, "C", "B", "A", "D");
    }

    @Test
    void l2ScoresAreTheNegatedEuclideanDistance() {
        assertScores(DistanceMetric.L2, new double[] {-Math.sqrt(15), -Math.sqrt(18), -Math.sqrt(20), -Math.sqrt(32)},
                "C", "B", "A", "D");
    }

    private void assertScores(DistanceMetric metric, double[] expectedScores, String... expectedOrder) {
        assumeMetric(metric);
        EmbeddingSpace space = newSpace(4, metric);
        Owner owner = Owner.random();
        Map<String, IndexedChunk> chunks = Map.of("A", chunk(owner, 0, "a", A), "B", chunk(owner, 1, "b", B),
                "C", chunk(owner, 2, "c", C), "D", chunk(owner, 3, "d", D));
        index().upsert(space.name(), List.copyOf(chunks.values()));

        List<IndexHit> hits = index().search(vectorQuery(space, owner, 10, QUERY));

        assertThat(hits).hasSize(4);
        for (int i = 0; i < hits.size(); i++) {
            IndexHit hit = hits.get(i);
            assertThat(hit.chunkId()).as("hit %d", i).isEqualTo(chunks.get(expectedOrder[i]).chunkId());
            assertThat(hit.score()).as("score of %s", expectedOrder[i]).isCloseTo(expectedScores[i], within(TOLERANCE));
            assertThat(hit.score()).isCloseTo(Similarity.score(metric, QUERY, chunks.get(expectedOrder[i]).vectors().get(0)
                    .toArray()), within(TOLERANCE));
            assertThat(hit.vectorRank()).isEqualTo(i + 1);
            assertThat(hit.keywordRank()).isNull();
        }
    }

    @Test
    void halfPrecisionSpacesScoreCloseToTheExactValue() {
        if (!index().capabilities().vectorTypes().contains(VectorType.FLOAT16)) {
            Assumptions.abort("not applicable: vector index '" + index().capabilities().adapter()
                    + "' lacks the capability vector type FLOAT16");
        }
        DistanceMetric metric = anyMetric();
        EmbeddingSpace space = newSpace(4, metric, VectorType.FLOAT16);
        Owner owner = Owner.random();
        IndexedChunk b = chunk(owner, 0, "b", new float[] {0.1f, 0.9f, 0.3f, 0.2f});
        IndexedChunk c = chunk(owner, 1, "c", new float[] {0.7f, 0.2f, 0.1f, 0.6f});
        index().upsert(space.name(), List.of(b, c));

        List<IndexHit> hits = index().search(vectorQuery(space, owner, 10, QUERY));

        assertThat(hits).hasSize(2);
        for (IndexHit hit : hits) {
            IndexedChunk chunk = hit.chunkId().equals(b.chunkId()) ? b : c;
            assertThat(hit.score()).isCloseTo(Similarity.score(metric, QUERY, chunk.vectors().get(0).toArray()),
                    within(5e-3));
        }
        assertThat(hits.get(0).score()).isGreaterThanOrEqualTo(hits.get(1).score());
    }

    @Test
    void topKCutsTheRankingAndMinScoreIsInclusive() {
        DistanceMetric metric = anyMetric();
        EmbeddingSpace space = newSpace(4, metric);
        Owner owner = Owner.random();
        List<IndexedChunk> chunks = List.of(chunk(owner, 0, "a", A), chunk(owner, 1, "b", B), chunk(owner, 2, "c", C),
                chunk(owner, 3, "d", D));
        index().upsert(space.name(), chunks);
        List<IndexHit> all = index().search(vectorQuery(space, owner, 10, QUERY));
        double second = all.get(1).score();

        List<IndexHit> top2 = index().search(vectorQuery(space, owner, 2, QUERY));
        List<IndexHit> aboveSecond = index().search(query(space, owner.user(), List.of(owner.knowledgeBase()),
                SearchMode.VECTOR, null, List.of(QUERY), null, 10, second));
        List<IndexHit> aboveTop = index().search(query(space, owner.user(), List.of(owner.knowledgeBase()),
                SearchMode.VECTOR, null, List.of(QUERY), null, 10, all.get(0).score() + 0.01));

        assertThat(ids(top2)).containsExactlyElementsOf(ids(all).subList(0, 2));
        assertThat(ids(aboveSecond)).containsExactlyElementsOf(ids(all).subList(0, 2));
        assertThat(aboveTop).isEmpty();
    }

    @Test
    void upsertReplacesByChunkId() {
        EmbeddingSpace space = newSpace(4, anyMetric());
        Owner owner = Owner.random();
        IndexedChunk original = chunk(owner, 0, "original", Map.of("version", 1L), A);
        index().upsert(space.name(), List.of(original, chunk(owner, 1, "other", D)));
        IndexedChunk replacement = new IndexedChunk(original.chunkId(), owner.user(), owner.knowledgeBase(),
                owner.document(), 0, null, "text/plain", "replacement", Map.of("version", 2L), CREATED,
                List.of(Embedding.of(B)));

        index().upsert(space.name(), List.of(replacement));

        List<IndexHit> hits = index().search(vectorQuery(space, owner, 10, B));
        assertThat(ids(hits)).hasSize(2).first().isEqualTo(original.chunkId());
        assertThat(hits.get(0).score()).isCloseTo(Similarity.score(space.metric(), B, B), within(TOLERANCE));
        assertThat(ids(index().search(query(space, owner.user(), List.of(owner.knowledgeBase()), SearchMode.VECTOR, null,
                List.of(B), dev.ragstore.core.filter.Filter.eq("version", 1L), 10, null)))).isEmpty();
        assertThat(ids(index().search(query(space, owner.user(), List.of(owner.knowledgeBase()), SearchMode.VECTOR, null,
                List.of(B), dev.ragstore.core.filter.Filter.eq("version", 2L), 10, null)))).containsExactly(original.chunkId());
    }

    @Test
    void batchWithAWrongDimensionWritesNothing() {
        EmbeddingSpace space = newSpace(4, anyMetric());
        Owner owner = Owner.random();
        IndexedChunk existing = chunk(owner, 0, "existing", A);
        index().upsert(space.name(), List.of(existing));
        IndexedChunk good = chunk(owner, 1, "good", B);
        IndexedChunk bad = chunk(owner, 2, "bad", new float[] {1, 2, 3});

        assertThatThrownBy(() -> index().upsert(space.name(), List.of(good, bad)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("dimension")
                .hasMessageContaining("4")
                .hasMessageContaining("3");

        assertThat(ids(index().search(vectorQuery(space, owner, 10, B)))).containsExactly(existing.chunkId());
    }

    @Test
    void queryOfTheWrongDimensionIsRejected() {
        EmbeddingSpace space = newSpace(4, anyMetric());
        Owner owner = Owner.random();
        index().upsert(space.name(), List.of(chunk(owner, 0, "a", A)));

        assertThatThrownBy(() -> index().search(vectorQuery(space, owner, 10, new float[] {1, 2, 3})))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("dimension")
                .hasMessageContaining("4")
                .hasMessageContaining("3");
    }

    @Test
    void emptySpaceHasNoHits() {
        EmbeddingSpace space = newSpace(4, anyMetric());

        assertThat(index().search(vectorQuery(space, Owner.random(), 10, A))).isEmpty();
    }

    @Test
    void deleteChunksRemovesOnlyTheOwnersNamedChunks() {
        EmbeddingSpace space = newSpace(4, anyMetric());
        Owner owner = Owner.random();
        Owner stranger = Owner.random();
        IndexedChunk gone = chunk(owner, 0, "gone", A);
        IndexedChunk kept = chunk(owner, 1, "kept", B);
        index().upsert(space.name(), List.of(gone, kept));

        index().deleteChunks(space.name(), stranger.user(), List.of(gone.chunkId(), kept.chunkId()));
        assertThat(ids(index().search(vectorQuery(space, owner, 10, A)))).containsExactlyInAnyOrder(gone.chunkId(), kept.chunkId());

        index().deleteChunks(space.name(), owner.user(), List.of(gone.chunkId(), new ChunkId(UUID.randomUUID())));
        index().deleteChunks(space.name(), owner.user(), List.of(gone.chunkId()));

        assertThat(ids(index().search(vectorQuery(space, owner, 10, A)))).containsExactly(kept.chunkId());
    }

    @Test
    void deleteDocumentRemovesOnlyThatDocumentOfThatOwner() {
        EmbeddingSpace space = newSpace(4, anyMetric());
        Owner owner = Owner.random();
        Owner sameKnowledgeBase = owner.withDocument();
        IndexedChunk first = chunk(owner, 0, "first", A);
        IndexedChunk second = chunk(owner, 1, "second", B);
        IndexedChunk otherDocument = chunk(sameKnowledgeBase, 0, "other", C);
        index().upsert(space.name(), List.of(first, second, otherDocument));

        index().deleteDocument(space.name(), Owner.random().user(), owner.document());
        assertThat(index().search(vectorQuery(space, owner, 10, A))).hasSize(3);

        index().deleteDocument(space.name(), owner.user(), owner.document());
        index().deleteDocument(space.name(), owner.user(), owner.document());

        assertThat(ids(index().search(vectorQuery(space, owner, 10, A)))).containsExactly(otherDocument.chunkId());
    }

    @Test
    void deleteKnowledgeBaseRemovesOnlyThatKnowledgeBase() {
        EmbeddingSpace space = newSpace(4, anyMetric());
        Owner owner = Owner.random();
        Owner otherKnowledgeBase = owner.withKnowledgeBase();
        IndexedChunk gone = chunk(owner, 0, "gone", A);
        IndexedChunk kept = chunk(otherKnowledgeBase, 0, "kept", B);
        index().upsert(space.name(), List.of(gone, kept));

        index().deleteKnowledgeBase(space.name(), Owner.random().user(), owner.knowledgeBase());
        assertThat(index().search(vectorQuery(space, owner, 10, A))).hasSize(1);

        index().deleteKnowledgeBase(space.name(), owner.user(), owner.knowledgeBase());

        assertThat(index().search(vectorQuery(space, owner, 10, A))).isEmpty();
        assertThat(ids(index().search(vectorQuery(space, otherKnowledgeBase, 10, A)))).containsExactly(kept.chunkId());
    }

    @Test
    void deleteOwnerRemovesTheOwnersChunksInEverySpace() {
        EmbeddingSpace first = newSpace(4, anyMetric());
        EmbeddingSpace second = newSpace(3, anyMetric());
        Owner owner = Owner.random();
        Owner other = Owner.random();
        index().upsert(first.name(), List.of(chunk(owner, 0, "a", A), chunk(other, 0, "a", A)));
        index().upsert(second.name(), List.of(chunk(owner, 0, "b", new float[] {1, 2, 3})));

        index().deleteOwner(owner.user());
        index().deleteOwner(owner.user());

        assertThat(index().search(vectorQuery(first, owner, 10, A))).isEmpty();
        assertThat(index().search(vectorQuery(second, owner, 10, new float[] {1, 2, 3}))).isEmpty();
        assertThat(index().search(vectorQuery(first, other, 10, A))).hasSize(1);
    }

    @Test
    void searchSeesOnlyTheQueryOwnersChunks() {
        EmbeddingSpace space = newSpace(4, anyMetric());
        Owner alice = Owner.random();
        Owner bob = Owner.random();
        IndexedChunk alices = chunk(alice, 0, "alice", A);
        IndexedChunk bobs = chunk(bob, 0, "bob", A);
        index().upsert(space.name(), List.of(alices, bobs));

        assertThat(ids(index().search(vectorQuery(space, alice, 10, A)))).containsExactly(alices.chunkId());
        assertThat(index().search(query(space, bob.user(), List.of(alice.knowledgeBase()), SearchMode.VECTOR, null,
                List.of(A), null, 10, null))).isEmpty();
        assertThat(ids(index().search(query(space, bob.user(), List.of(alice.knowledgeBase(), bob.knowledgeBase()),
                SearchMode.VECTOR, null, List.of(A), null, 10, null)))).containsExactly(bobs.chunkId());
    }

    @Test
    void searchSeesOnlyTheNamedKnowledgeBases() {
        EmbeddingSpace space = newSpace(4, anyMetric());
        Owner first = Owner.random();
        Owner second = first.withKnowledgeBase();
        Owner third = first.withKnowledgeBase();
        IndexedChunk one = chunk(first, 0, "1", A);
        IndexedChunk two = chunk(second, 0, "2", B);
        IndexedChunk three = chunk(third, 0, "3", C);
        index().upsert(space.name(), List.of(one, two, three));

        assertThat(ids(index().search(query(space, first.user(), List.of(first.knowledgeBase(), third.knowledgeBase()),
                SearchMode.VECTOR, null, List.of(A), null, 10, null))))
                .containsExactlyInAnyOrder(one.chunkId(), three.chunkId());
        assertThat(ids(index().search(vectorQuery(space, second, 10, A)))).containsExactly(two.chunkId());
    }

    @Test
    void searchesOfOneSpaceNeverSeeAnother() {
        EmbeddingSpace first = newSpace(4, anyMetric());
        EmbeddingSpace second = newSpace(4, anyMetric());
        Owner owner = Owner.random();
        IndexedChunk inFirst = chunk(owner, 0, "first", A);
        IndexedChunk inSecond = chunk(owner, 0, "second", A);
        index().upsert(first.name(), List.of(inFirst));
        index().upsert(second.name(), List.of(inSecond));

        assertThat(ids(index().search(vectorQuery(first, owner, 10, A)))).containsExactly(inFirst.chunkId());
        assertThat(ids(index().search(vectorQuery(second, owner, 10, A)))).containsExactly(inSecond.chunkId());
    }
}
