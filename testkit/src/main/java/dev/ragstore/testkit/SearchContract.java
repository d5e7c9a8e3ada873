package dev.ragstore.testkit;

import dev.ragstore.core.RagStore;
import dev.ragstore.core.UserScope;
import dev.ragstore.core.chunk.ChunkId;
import dev.ragstore.core.chunk.DistanceMetric;
import dev.ragstore.core.chunk.Embedding;
import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.search.ReciprocalRankFusion;
import dev.ragstore.core.search.SearchHit;
import dev.ragstore.core.search.SearchMode;
import dev.ragstore.core.search.SearchRequest;
import dev.ragstore.core.spi.Embedder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Contract of search through {@link UserScope#search} with the store's vector index: VECTOR
 * hits are best first and score exactly what the space's metric gives the query and chunk
 * vectors (within 1e-4, for half-precision and approximate indexes); a given query vector and
 * the embedded query text give the same hits; {@code topK} cuts the ranking and
 * {@code minScore} is inclusive; KEYWORD finds exactly the chunks containing the query terms,
 * best first; HYBRID scores are the reciprocal-rank fusion ({@code k = 60}) of the VECTOR and
 * KEYWORD ranks each hit carries; without named knowledge bases every live one is searched; a
 * query vector of the wrong dimension is rejected naming both dimensions, and an unknown or
 * foreign knowledge base is not found. KEYWORD and HYBRID tests are aborted with the facade's
 * message when the index lacks the mode.
 *
 * <p>Subclass it and implement {@link #newStore(StoreOptions)} (see {@link StoreContractSupport}).
 */
public abstract class SearchContract extends StoreContractSupport {

    static final List<String> CORPUS = List.of(
            "Alpine lakes freeze early in the northern valleys.",
            "Coral reefs thrive in warm shallow tropical water.",
            "Granite cliffs rise above the quiet fjord.",
            "The quick brown fox jumps over the lazy dog.",
            "Quick quick quick: the fox ran quick laps around the barn.");
    static final String QUERY = "quick fox";
    private static final double TOLERANCE = 1e-4;

    private StoreOptions options;
    private UserScope scope;
    private KnowledgeBase knowledgeBase;

    private void corpus() {
        options = defaultOptions();
        RagStore store = open(options);
        scope = store.forUser(newUser(store));
        knowledgeBase = newKnowledgeBase(scope);
        for (int i = 0; i < CORPUS.size(); i++) {
            assertThat(ingestText(scope, knowledgeBase, "doc" + i + ".txt", CORPUS.get(i)).chunks()).isEqualTo(1);
        }
    }

    private List<SearchHit> search(SearchMode mode, int topK) {
        return scope.search(SearchRequest.builder().text(QUERY).mode(mode).knowledgeBase(knowledgeBase.id()).topK(topK).build());
    }

    private static List<ChunkId> ids(List<SearchHit> hits) {
        return hits.stream().map(h -> h.chunk().id()).toList();
    }

    @Test
    void vectorSearchRanksBestFirstWithTheMetricsScore() {
        corpus();
        Embedder embedder = options.embedder();
        DistanceMetric metric = embedder.space().metric();
        Embedding query = embedder.embed(List.of(QUERY)).get(0);

        List<SearchHit> hits = search(SearchMode.VECTOR, 10);

        assertThat(hits).hasSize(CORPUS.size());
        for (int i = 0; i < hits.size(); i++) {
            SearchHit hit = hits.get(i);
            Embedding chunkVector = embedder.embed(List.of(hit.chunk().text())).get(0);
            assertThat(hit.score()).as("score of %s", hit.fileName())
                    .isCloseTo(Similarity.score(metric, query, chunkVector), within(TOLERANCE));
            assertThat(hit.vectorRank()).isEqualTo(i + 1);
            assertThat(hit.keywordRank()).isNull();
            if (i > 0) {
                assertThat(hit.score()).isLessThanOrEqualTo(hits.get(i - 1).score());
            }
        }
        assertThat(hits).extracting(h -> h.chunk().knowledgeBaseId()).containsOnly(knowledgeBase.id());
    }

    @Test
    void givenQueryVectorAndEmbeddedQueryTextGiveTheSameHits() {
        corpus();
        Embedding query = options.embedder().embed(List.of(QUERY)).get(0);

        List<SearchHit> byText = search(SearchMode.VECTOR, 10);
        List<SearchHit> byVector = scope.search(SearchRequest.builder().vector(query).knowledgeBase(knowledgeBase.id())
                .topK(10).build());

        assertThat(ids(byVector)).containsExactlyElementsOf(ids(byText));
        for (int i = 0; i < byText.size(); i++) {
            assertThat(byVector.get(i).score()).isCloseTo(byText.get(i).score(), within(1e-9));
        }
    }

    @Test
    void topKCutsTheRanking() {
        corpus();
        List<SearchHit> all = search(SearchMode.VECTOR, 10);

        assertThat(ids(search(SearchMode.VECTOR, 2))).containsExactlyElementsOf(ids(all).subList(0, 2));
        assertThat(ids(search(SearchMode.VECTOR, 1))).containsExactly(ids(all).get(0));
    }

    @Test
    void minScoreIsInclusive() {
        corpus();
        List<SearchHit> all = search(SearchMode.VECTOR, 10);
        double third = all.get(2).score();

        List<SearchHit> kept = scope.search(SearchRequest.builder().text(QUERY).knowledgeBase(knowledgeBase.id()).topK(10)
                .minScore(third).build());

        assertThat(ids(kept)).containsExactlyElementsOf(ids(all.stream().filter(h -> h.score() >= third).toList()));
        assertThat(ids(kept)).contains(all.get(2).chunk().id());
        assertThat(kept).allSatisfy(h -> assertThat(h.score()).isGreaterThanOrEqualTo(third));
        assertThat(scope.search(SearchRequest.builder().text(QUERY).knowledgeBase(knowledgeBase.id()).topK(10)
                .minScore(all.get(0).score() + 0.01).build())).isEmpty();
    }

    @Test
    void keywordSearchFindsExactlyTheChunksWithTheTermBestFirst() {
        corpus();
        Capabilities.assumeMode(scope, knowledgeBase.id(), SearchMode.KEYWORD);

        List<SearchHit> hits = scope.search(SearchRequest.builder().text("quick").mode(SearchMode.KEYWORD)
                .knowledgeBase(knowledgeBase.id()).topK(10).build());

        assertThat(hits).extracting(SearchHit::fileName).containsExactly("doc4.txt", "doc3.txt");
        assertThat(hits).extracting(SearchHit::keywordRank).containsExactly(1, 2);
        assertThat(hits).extracting(SearchHit::vectorRank).containsOnlyNulls();
        assertThat(hits.get(0).score()).isGreaterThan(hits.get(1).score());
        assertThat(hits.get(1).score()).isPositive();
        assertThat(scope.search(SearchRequest.builder().text("zeppelin").mode(SearchMode.KEYWORD)
                .knowledgeBase(knowledgeBase.id()).build())).isEmpty();
    }

    @Test
    void keywordSearchIgnoresCase() {
        corpus();
        Capabilities.assumeMode(scope, knowledgeBase.id(), SearchMode.KEYWORD);

        List<SearchHit> upper = scope.search(SearchRequest.builder().text("GRANITE").mode(SearchMode.KEYWORD)
                .knowledgeBase(knowledgeBase.id()).build());

        assertThat(upper).extracting(SearchHit::fileName).containsExactly("doc2.txt");
    }

    @Test
    void hybridSearchFusesBothRankingsByReciprocalRank() {
        corpus();
        Capabilities.assumeMode(scope, knowledgeBase.id(), SearchMode.HYBRID);
        Map<ChunkId, Integer> vectorRanks = ranks(search(SearchMode.VECTOR, 10));
        Map<ChunkId, Integer> keywordRanks = ranks(search(SearchMode.KEYWORD, 10));

        List<SearchHit> hits = search(SearchMode.HYBRID, 10);

        assertThat(ids(hits)).containsExactlyInAnyOrderElementsOf(vectorRanks.keySet());
        assertThat(hits).anySatisfy(h -> {
            assertThat(h.vectorRank()).isNotNull();
            assertThat(h.keywordRank()).isNotNull();
        });
        for (int i = 0; i < hits.size(); i++) {
            SearchHit hit = hits.get(i);
            assertThat(hit.vectorRank()).as("vector rank of %s", hit.fileName()).isEqualTo(vectorRanks.get(hit.chunk().id()));
            assertThat(hit.keywordRank()).as("keyword rank of %s", hit.fileName()).isEqualTo(keywordRanks.get(hit.chunk().id()));
            double expected = (hit.vectorRank() == null ? 0 : 1.0 / (ReciprocalRankFusion.DEFAULT_K + hit.vectorRank()))
                    + (hit.keywordRank() == null ? 0 : 1.0 / (ReciprocalRankFusion.DEFAULT_K + hit.keywordRank()));
            assertThat(hit.score()).as("fused score of %s", hit.fileName()).isCloseTo(expected, within(1e-9));
            if (i > 0) {
                assertThat(hit.score()).isLessThanOrEqualTo(hits.get(i - 1).score());
            }
        }
        assertThat(ids(search(SearchMode.HYBRID, 2))).containsExactlyElementsOf(ids(hits).subList(0, 2));
    }

    @Test
    void searchWithoutKnowledgeBasesCoversEveryLiveOne() {
        corpus();
        KnowledgeBase second = newKnowledgeBase(scope);
        ingestText(scope, second, "second.txt", "A quick fox in the second knowledge base.");
        KnowledgeBase deleted = newKnowledgeBase(scope);
        ingestText(scope, deleted, "deleted.txt", "A quick fox in a deleted knowledge base.");
        scope.knowledgeBases().delete(deleted.id());

        List<SearchHit> hits = scope.search(SearchRequest.builder().text(QUERY).topK(100).build());

        assertThat(hits).extracting(SearchHit::fileName).hasSize(CORPUS.size() + 1).contains("second.txt", "doc0.txt")
                .doesNotContain("deleted.txt");
        assertThat(scope.search(SearchRequest.builder().text(QUERY).knowledgeBases(List.of(knowledgeBase.id(), second.id()))
                .topK(100).build())).hasSize(CORPUS.size() + 1);
    }

    @Test
    void emptyKnowledgeBaseHasNoHits() {
        UserScope user = newScope();
        KnowledgeBase empty = newKnowledgeBase(user);

        assertThat(user.search(SearchRequest.builder().text(QUERY).knowledgeBase(empty.id()).build())).isEmpty();
        assertThat(user.search(SearchRequest.builder().text(QUERY).build())).isEmpty();
    }

    @Test
    void queryVectorOfTheWrongDimensionIsRejectedNamingBothDimensions() {
        corpus();
        int dimension = options.embedder().space().dimension();

        assertInvalidInput(() -> scope.search(SearchRequest.builder().vector(Embedding.of(1f, 2f, 3f))
                .knowledgeBase(knowledgeBase.id()).build()), "dimension", String.valueOf(dimension), "3");
    }

    @Test
    void unknownOrForeignKnowledgeBaseIsNotFound() {
        corpus();
        KnowledgeBaseId unknown = new KnowledgeBaseId(UUID.randomUUID());
        UserScope other = newScope();

        assertThatThrownBy(() -> scope.search(SearchRequest.builder().text(QUERY).knowledgeBase(unknown).build()))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining(unknown.toString());
        assertThatThrownBy(() -> other.search(SearchRequest.builder().text(QUERY).knowledgeBase(knowledgeBase.id()).build()))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining(knowledgeBase.id().toString());
        assertThatThrownBy(() -> scope.search(SearchRequest.builder().text(QUERY)
                .knowledgeBases(List.of(knowledgeBase.id(), unknown)).build()))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void hitsCarryTheChunkAndTheFileName() {
        corpus();

        List<SearchHit> hits = scope.search(SearchRequest.builder().text(CORPUS.get(2)).knowledgeBase(knowledgeBase.id())
                .topK(1).build());

        assertThat(hits).singleElement().satisfies(hit -> {
            assertThat(hit.fileName()).isEqualTo("doc2.txt");
            assertThat(hit.chunk().text()).isEqualTo(CORPUS.get(2));
            assertThat(hit.chunk().ownerId()).isEqualTo(scope.userId());
            assertThat(hit.chunk().index()).isZero();
            assertThat(hit.score()).isCloseTo(options.embedder().space().metric() == DistanceMetric.L2 ? 0.0 : 1.0,
                    within(TOLERANCE));
        });
        assertThat(hits.get(0).chunk()).isEqualTo(scope.documents().chunks(hits.get(0).chunk().documentId()).get(0));
    }

    private static Map<ChunkId, Integer> ranks(List<SearchHit> hits) {
        return java.util.stream.IntStream.range(0, hits.size()).boxed()
                .collect(Collectors.toMap(i -> hits.get(i).chunk().id(), i -> i + 1));
    }
}
