package dev.ragstore.testkit;

import dev.ragstore.core.chunk.ChunkId;
import dev.ragstore.core.chunk.DistanceMetric;
import dev.ragstore.core.chunk.Embedding;
import dev.ragstore.core.chunk.EmbeddingSpace;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.filter.BuiltInField;
import dev.ragstore.core.filter.Filter;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.search.IndexHit;
import dev.ragstore.core.search.IndexQuery;
import dev.ragstore.core.search.IndexedChunk;
import dev.ragstore.core.search.ReciprocalRankFusion;
import dev.ragstore.core.search.SearchMode;
import dev.ragstore.core.search.VectorIndex;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Contract of searching a {@link VectorIndex} beyond plain vectors: every row of
 * {@link FilterSemanticsTable} selects exactly its chunks (in VECTOR mode, and in KEYWORD mode
 * where the index has it); built-in fields (knowledge base, document, mime type, page, created)
 * filter exactly; approximate indexes reach a mean recall@10 of at least 0.9 against brute force
 * on 2,000 random vectors; multi-vector chunks rank by MaxSim (the sum over query vectors of the best
 * similarity to any of the chunk's vectors); KEYWORD finds exactly the chunks with the term,
 * best first; native HYBRID fuses the index's own VECTOR and KEYWORD ranks by reciprocal rank
 * ({@code k = 60}); and a mode the index does not declare is rejected.
 *
 * <p>Subclass it and implement {@link #newIndex()} (see {@link IndexContractSupport}). Tests of
 * capabilities the index does not declare are aborted with a message naming the adapter and the
 * capability.
 */
public abstract class VectorIndexSearchContract extends IndexContractSupport {

    /** Every metadata table row in VECTOR mode. */
    @TestFactory
    Stream<DynamicTest> metadataFilterTableInVectorMode() {
        return table(SearchMode.VECTOR);
    }

    /** Every metadata table row in KEYWORD mode (aborted when the index has no keyword search). */
    @TestFactory
    Stream<DynamicTest> metadataFilterTableInKeywordMode() {
        assumeMode(SearchMode.KEYWORD);
        return table(SearchMode.KEYWORD);
    }

    private Stream<DynamicTest> table(SearchMode mode) {
        EmbeddingSpace space = newSpace(4, anyMetric());
        Owner owner = Owner.random();
        Map<ChunkId, String> names = new HashMap<>();
        List<IndexedChunk> chunks = new ArrayList<>();
        int i = 0;
        for (FilterSemanticsTable.Fixture fixture : FilterSemanticsTable.fixtures()) {
            IndexedChunk chunk = chunk(owner, i, "filter fixture " + fixture.name(), fixture.metadata(),
                    new float[] {1, i + 1, 0.5f, -i});
            chunks.add(chunk);
            names.put(chunk.chunkId(), fixture.name());
            i++;
        }
        index().upsert(space.name(), chunks);
        return FilterSemanticsTable.rows().stream().map(row -> DynamicTest.dynamicTest(row.description(), () -> {
            List<IndexHit> hits = index().search(query(space, owner.user(), List.of(owner.knowledgeBase()), mode,
                    mode == SearchMode.VECTOR ? null : "filter fixture", mode == SearchMode.KEYWORD ? List.of()
                            : List.of(new float[] {1, 1, 1, 1}), row.filter(), 100, null));
            assertThat(hits.stream().map(h -> names.get(h.chunkId())).collect(Collectors.toSet()))
                    .as("%s in %s mode", row.filter(), mode)
                    .containsExactlyInAnyOrderElementsOf(row.expected());
            assertThat(hits).hasSize(row.expected().size());
        }));
    }

    /** Built-in field filters over two knowledge bases, three documents and mime types, pages and two times. */
    @TestFactory
    Stream<DynamicTest> builtInFieldFilters() {
        EmbeddingSpace space = newSpace(4, anyMetric());
        Owner first = Owner.random();
        Owner second = first.withKnowledgeBase();
        Owner third = first.withDocument();
        Instant later = CREATED.plusSeconds(3_600);
        List<IndexedChunk> chunks = List.of(
                builtIn(first, 0, null, "text/plain", CREATED),
                builtIn(first, 1, null, "text/plain", CREATED),
                builtIn(third, 0, 1, "application/pdf", CREATED),
                builtIn(third, 1, 2, "application/pdf", later),
                builtIn(second, 0, 3, "text/markdown", later),
                builtIn(second, 1, 2, "text/markdown", later.plusNanos(1_000)));
        index().upsert(space.name(), chunks);

        Map<String, Object[]> rows = new LinkedHashMap<>();
        rows.put("knowledge base eq", row(Filter.eq(BuiltInField.KNOWLEDGE_BASE, second.knowledgeBase()),
                c -> c.knowledgeBaseId().equals(second.knowledgeBase())));
        rows.put("knowledge base ne", row(Filter.ne(BuiltInField.KNOWLEDGE_BASE, second.knowledgeBase()),
                c -> !c.knowledgeBaseId().equals(second.knowledgeBase())));
        rows.put("knowledge base in by UUID", row(Filter.in(BuiltInField.KNOWLEDGE_BASE, first.knowledgeBase().value(),
                UUID.randomUUID()), c -> c.knowledgeBaseId().equals(first.knowledgeBase())));
        rows.put("document eq", row(Filter.eq(BuiltInField.DOCUMENT, third.document()),
                c -> c.documentId().equals(third.document())));
        rows.put("document notIn", row(Filter.notIn(BuiltInField.DOCUMENT, third.document(), second.document()),
                c -> c.documentId().equals(first.document())));
        rows.put("mime type eq", row(Filter.eq(BuiltInField.MIME_TYPE, "application/pdf"),
                c -> c.mimeType().equals("application/pdf")));
        rows.put("mime type ne", row(Filter.ne(BuiltInField.MIME_TYPE, "text/plain"), c -> !c.mimeType().equals("text/plain")));
        rows.put("mime type gt by code point", row(Filter.gt(BuiltInField.MIME_TYPE, "text/m"),
                c -> c.mimeType().compareTo("text/m") > 0));
        rows.put("page exists", row(Filter.exists(BuiltInField.PAGE), c -> c.page() != null));
        rows.put("page not exists", row(Filter.not(Filter.exists(BuiltInField.PAGE)), c -> c.page() == null));
        rows.put("page eq", row(Filter.eq(BuiltInField.PAGE, 2L), c -> Integer.valueOf(2).equals(c.page())));
        rows.put("page gte an Integer", row(Filter.gte(BuiltInField.PAGE, 2), c -> c.page() != null && c.page() >= 2));
        rows.put("page lt", row(Filter.lt(BuiltInField.PAGE, 2L), c -> c.page() != null && c.page() < 2));
        rows.put("page ne matches chunks without a page", row(Filter.ne(BuiltInField.PAGE, 2L),
                c -> !Integer.valueOf(2).equals(c.page())));
        rows.put("page notIn matches chunks without a page", row(Filter.notIn(BuiltInField.PAGE, 1L, 3L),
                c -> c.page() == null || c.page() == 2));
        rows.put("created eq", row(Filter.eq(BuiltInField.CREATED_AT, later), c -> c.createdAt().equals(later)));
        rows.put("created gt is exact to the microsecond", row(Filter.gt(BuiltInField.CREATED_AT, later),
                c -> c.createdAt().isAfter(later)));
        rows.put("created lte", row(Filter.lte(BuiltInField.CREATED_AT, CREATED), c -> !c.createdAt().isAfter(CREATED)));
        rows.put("and with metadata", row(Filter.and(Filter.eq(BuiltInField.MIME_TYPE, "application/pdf"),
                Filter.eq("index", 1L)), c -> c.mimeType().equals("application/pdf") && c.chunkIndex() == 1));

        List<KnowledgeBaseId> both = List.of(first.knowledgeBase(), second.knowledgeBase());
        return rows.entrySet().stream().map(entry -> DynamicTest.dynamicTest(entry.getKey(), () -> {
            Filter filter = (Filter) entry.getValue()[0];
            @SuppressWarnings("unchecked")
            Predicate<IndexedChunk> expected = (Predicate<IndexedChunk>) entry.getValue()[1];
            Set<ChunkId> expectedIds = chunks.stream().filter(expected).map(IndexedChunk::chunkId).collect(Collectors.toSet());
            assertThat(expectedIds).as("row %s selects something", entry.getKey()).isNotEmpty();
            List<IndexHit> hits = index().search(query(space, first.user(), both, SearchMode.VECTOR, null,
                    List.of(new float[] {1, 0, 0, 0}), filter, 100, null));
            assertThat(ids(hits)).as("%s", filter).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expectedIds);
        }));
    }

    private static IndexedChunk builtIn(Owner owner, int index, Integer page, String mimeType, Instant createdAt) {
        return new IndexedChunk(new ChunkId(UUID.randomUUID()), owner.user(), owner.knowledgeBase(), owner.document(),
                index, page, mimeType, "built-in " + index, Map.of("index", (long) index), createdAt,
                List.of(Embedding.of(1, index + 1, page == null ? 0 : page, 1)));
    }

    private static Object[] row(Filter filter, Predicate<IndexedChunk> expected) {
        return new Object[] {filter, expected};
    }

    @Test
    void multiVectorSearchRanksByMaxSim() {
        if (!index().capabilities().multiVector()) {
            Assumptions.abort("not applicable: vector index '" + index().capabilities().adapter()
                    + "' lacks the capability multi-vector (late interaction) search");
        }
        DistanceMetric metric = index().capabilities().metrics().contains(DistanceMetric.COSINE) ? DistanceMetric.COSINE
                : DistanceMetric.INNER_PRODUCT;
        assumeMetric(metric);
        EmbeddingSpace space = newSpace(3, metric);
        Owner owner = Owner.random();
        IndexedChunk m1 = chunk(owner, 0, "m1", new float[] {1, 0, 0}, new float[] {0, 0, 1});
        IndexedChunk m2 = chunk(owner, 1, "m2", new float[] {0.6f, 0.8f, 0}, new float[] {0, 1, 0});
        IndexedChunk m3 = chunk(owner, 2, "m3", new float[] {0, 0, 1});
        index().upsert(space.name(), List.of(m1, m2, m3));

        List<IndexHit> hits = index().search(query(space, owner.user(), List.of(owner.knowledgeBase()), SearchMode.VECTOR,
                null, List.of(new float[] {1, 0, 0}, new float[] {0, 1, 0}), null, 10, null));

        assertThat(ids(hits)).containsExactly(m2.chunkId(), m1.chunkId(), m3.chunkId());
        assertThat(hits.get(0).score()).isCloseTo(1.6, within(1e-4));
        assertThat(hits.get(1).score()).isCloseTo(1.0, within(1e-4));
        assertThat(hits.get(2).score()).isCloseTo(0.0, within(1e-4));
        assertThat(hits).extracting(IndexHit::vectorRank).containsExactly(1, 2, 3);
    }

    /** Issue 13, item 3: {@code includeVectors} returns every stored vector of each hit, in stored order. */
    @Test
    void multiVectorHitsCarryAllTheirTokenVectorsWhenAsked() {
        if (!index().capabilities().multiVector()) {
            Assumptions.abort("not applicable: vector index '" + index().capabilities().adapter()
                    + "' lacks the capability multi-vector (late interaction) search");
        }
        EmbeddingSpace space = newSpace(3, anyMetric());
        Owner owner = Owner.random();
        float[][] tokens = {{1, 0, 0}, {0, 0.5f, 0.25f}, {0.125f, -2, 3}};
        IndexedChunk multi = chunk(owner, 0, "multi", tokens);
        IndexedChunk single = chunk(owner, 1, "single", new float[] {0.5f, 0.5f, 0});
        index().upsert(space.name(), List.of(multi, single));

        List<IndexHit> hits = index().search(new IndexQuery(space.name(), owner.user(), List.of(owner.knowledgeBase()),
                SearchMode.VECTOR, null, List.of(Embedding.of(1, 0, 0), Embedding.of(0, 1, 0)), null, 10, null, null, true));

        assertThat(hits).hasSize(2);
        Map<ChunkId, List<float[]>> vectors = new HashMap<>();
        hits.forEach(hit -> vectors.put(hit.chunkId(), hit.vectors().stream().map(Embedding::toArray).toList()));
        assertThat(vectors.get(multi.chunkId())).containsExactly(tokens);
        assertThat(vectors.get(single.chunkId())).containsExactly(new float[] {0.5f, 0.5f, 0});
    }

    /** Issue 13, item 3: hits carry the stored vector in every mode the index answers, and nothing by default. */
    @TestFactory
    Stream<DynamicTest> hitsCarryTheStoredVectorOnlyWhenAsked() {
        EmbeddingSpace space = newSpace(4, anyMetric());
        Owner owner = Owner.random();
        float[] first = {0.25f, -1.5f, 3, 0.1f};
        float[] second = {1, 2, 3, 4};
        IndexedChunk a = chunk(owner, 0, "granite lantern", first);
        IndexedChunk b = chunk(owner, 1, "granite orchard", second);
        index().upsert(space.name(), List.of(a, b));
        Map<ChunkId, float[]> stored = Map.of(a.chunkId(), first, b.chunkId(), second);
        return index().capabilities().modes().stream().map(mode -> DynamicTest.dynamicTest(mode.name(), () -> {
            List<Embedding> query = mode == SearchMode.KEYWORD ? List.of() : List.of(Embedding.of(1, 1, 1, 1));
            String text = mode == SearchMode.VECTOR ? null : "granite";
            List<IndexHit> with = index().search(new IndexQuery(space.name(), owner.user(), List.of(owner.knowledgeBase()),
                    mode, text, query, null, 10, null, null, true));
            List<IndexHit> without = index().search(new IndexQuery(space.name(), owner.user(),
                    List.of(owner.knowledgeBase()), mode, text, query, null, 10, null, null, false));

            assertThat(ids(with)).containsExactlyInAnyOrder(a.chunkId(), b.chunkId());
            for (IndexHit hit : with) {
                assertThat(hit.vectors()).as("%s hit %s", mode, hit.chunkId()).singleElement()
                        .satisfies(v -> assertThat(v.toArray()).containsExactly(stored.get(hit.chunkId())));
            }
            assertThat(ids(without)).containsExactlyElementsOf(ids(with));
            assertThat(without).allSatisfy(hit -> assertThat(hit.vectors()).isEmpty());
        }));
    }

    @Test
    void keywordSearchFindsExactlyTheChunksWithTheTermBestFirst() {
        assumeMode(SearchMode.KEYWORD);
        EmbeddingSpace space = newSpace(4, anyMetric());
        Owner owner = Owner.random();
        IndexedChunk once = chunk(owner, 0, "The quick brown fox jumps over the lazy dog.", VectorIndexContract.A);
        IndexedChunk none = chunk(owner, 1, "Lazy dogs sleep all afternoon.", VectorIndexContract.B);
        IndexedChunk thrice = chunk(owner, 2, "Quick, quick, QUICK: the fox ran quick laps.", VectorIndexContract.C);
        IndexedChunk otherOwners = chunk(Owner.random(), 0, "quick quick quick quick", VectorIndexContract.D);
        index().upsert(space.name(), List.of(once, none, thrice, otherOwners));

        List<IndexHit> hits = index().search(query(space, owner.user(), List.of(owner.knowledgeBase()), SearchMode.KEYWORD,
                "quick", List.of(), null, 10, null));

        assertThat(ids(hits)).containsExactly(thrice.chunkId(), once.chunkId());
        assertThat(hits).extracting(IndexHit::keywordRank).containsExactly(1, 2);
        assertThat(hits).extracting(IndexHit::vectorRank).containsOnlyNulls();
        assertThat(hits.get(0).score()).isGreaterThan(hits.get(1).score());
        assertThat(hits.get(1).score()).isPositive();
        assertThat(index().search(query(space, owner.user(), List.of(owner.knowledgeBase()), SearchMode.KEYWORD,
                "zeppelin", List.of(), null, 10, null))).isEmpty();
        assertThat(ids(index().search(query(space, owner.user(), List.of(owner.knowledgeBase()), SearchMode.KEYWORD,
                "quick", List.of(), null, 1, null)))).containsExactly(thrice.chunkId());
    }

    @Test
    void nativeHybridSearchFusesItsOwnRankingsByReciprocalRank() {
        assumeMode(SearchMode.HYBRID);
        EmbeddingSpace space = newSpace(4, anyMetric());
        Owner owner = Owner.random();
        List<IndexedChunk> chunks = List.of(
                chunk(owner, 0, "quick fox", VectorIndexContract.A),
                chunk(owner, 1, "lazy dog", VectorIndexContract.B),
                chunk(owner, 2, "quick quick fox fox", VectorIndexContract.C),
                chunk(owner, 3, "granite fjord", VectorIndexContract.D));
        index().upsert(space.name(), chunks);
        List<KnowledgeBaseId> knowledgeBases = List.of(owner.knowledgeBase());
        Map<ChunkId, Integer> vectorRanks = ranks(index().search(query(space, owner.user(), knowledgeBases,
                SearchMode.VECTOR, null, List.of(VectorIndexContract.QUERY), null, 10, null)));
        Map<ChunkId, Integer> keywordRanks = ranks(index().search(query(space, owner.user(), knowledgeBases,
                SearchMode.KEYWORD, "quick fox", List.of(), null, 10, null)));

        List<IndexHit> hits = index().search(query(space, owner.user(), knowledgeBases, SearchMode.HYBRID, "quick fox",
                List.of(VectorIndexContract.QUERY), null, 10, null));

        assertThat(ids(hits)).containsExactlyInAnyOrderElementsOf(vectorRanks.keySet());
        for (int i = 0; i < hits.size(); i++) {
            IndexHit hit = hits.get(i);
            assertThat(hit.vectorRank()).isEqualTo(vectorRanks.get(hit.chunkId()));
            assertThat(hit.keywordRank()).isEqualTo(keywordRanks.get(hit.chunkId()));
            double expected = (hit.vectorRank() == null ? 0 : 1.0 / (ReciprocalRankFusion.DEFAULT_K + hit.vectorRank()))
                    + (hit.keywordRank() == null ? 0 : 1.0 / (ReciprocalRankFusion.DEFAULT_K + hit.keywordRank()));
            assertThat(hit.score()).isCloseTo(expected, within(1e-9));
            if (i > 0) {
                assertThat(hit.score()).isLessThanOrEqualTo(hits.get(i - 1).score());
            }
        }
    }

    @Test
    void modesItDoesNotDeclareAreRejected() {
        Set<SearchMode> missing = EnumSet.complementOf(EnumSet.copyOf(index().capabilities().modes()));
        if (missing.isEmpty()) {
            Assumptions.abort("not applicable: vector index '" + index().capabilities().adapter()
                    + "' declares every search mode, so there is nothing to reject");
        }
        EmbeddingSpace space = newSpace(4, anyMetric());
        Owner owner = Owner.random();
        index().upsert(space.name(), List.of(chunk(owner, 0, "quick fox", VectorIndexContract.A)));
        for (SearchMode mode : missing) {
            assertThatThrownBy(() -> index().search(query(space, owner.user(), List.of(owner.knowledgeBase()), mode,
                    "quick", mode == SearchMode.KEYWORD ? List.of() : List.of(VectorIndexContract.A), null, 10, null)))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining(mode.name());
        }
    }

    private static Map<ChunkId, Integer> ranks(List<IndexHit> hits) {
        return IntStream.range(0, hits.size()).boxed().collect(Collectors.toMap(i -> hits.get(i).chunkId(), i -> i + 1));
    }

    @Test
    void approximateSearchReachesRecallOfNinetyPercentAgainstBruteForce() {
        DistanceMetric metric = anyMetric();
        int dimension = 32;
        int count = 2_000;
        EmbeddingSpace space = newSpace(dimension, metric);
        Owner owner = Owner.random();
        java.util.Random random = new java.util.Random(20240501L);
        List<IndexedChunk> chunks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            chunks.add(chunk(owner, i, "v" + i, gaussian(random, dimension)));
        }
        for (int start = 0; start < count; start += 500) {
            index().upsert(space.name(), chunks.subList(start, start + 500));
        }

        int queries = 20;
        double recall = 0;
        for (int q = 0; q < queries; q++) {
            float[] query = gaussian(random, dimension);
            List<ChunkId> exact = chunks.stream()
                    .sorted(java.util.Comparator.comparingDouble(
                            (IndexedChunk c) -> Similarity.score(metric, query, c.vectors().get(0).toArray())).reversed())
                    .limit(10).map(IndexedChunk::chunkId).toList();
            List<IndexHit> hits = index().search(vectorQuery(space, owner, 10, query));
            assertThat(hits).hasSize(10);
            Set<ChunkId> found = Set.copyOf(ids(hits));
            recall += exact.stream().filter(found::contains).count() / 10.0;
        }

        assertThat(recall / queries).as("mean recall@10 over %d queries", queries).isGreaterThanOrEqualTo(0.9);
    }

    static float[] gaussian(java.util.Random random, int dimension) {
        float[] vector = new float[dimension];
        for (int i = 0; i < dimension; i++) {
            vector[i] = (float) random.nextGaussian();
        }
        return vector;
    }
}
