package dev.ragstore.pgvector;

import dev.ragstore.core.chunk.DistanceMetric;
import dev.ragstore.core.chunk.EmbeddingSpace;
import dev.ragstore.core.filter.Filter;
import dev.ragstore.core.search.IndexHit;
import dev.ragstore.core.search.IndexQuery;
import dev.ragstore.core.search.IndexedChunk;
import dev.ragstore.core.search.SearchMode;
import dev.ragstore.pgvector.TestChunks.Tenant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Owners and filters of every selectivity get {@code topK} hits when that many match: a 1% owner
 * whose vectors lie far from the query (where an ANN scan filtered afterwards finds none) is
 * searched exactly, a 10% owner by the iterative index scan, and a selective metadata filter on a
 * large owner falls back to the exact scan. The executed plans show which path was taken (the
 * bench shows the HNSW plans at 100,000 rows).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SelectiveSearchIT {

    @RegisterExtension
    static final PgVectorSchema PG = new PgVectorSchema("pgvector_selective");

    private static final int DIMENSION = 32;
    private static final int ROWS = 6_000;
    private static final DistanceMetric METRIC = DistanceMetric.COSINE;

    private final Random random = new Random(20240501L);
    private final Tenant small = Tenant.random();
    private final Tenant mid = Tenant.random();
    private final Tenant big = Tenant.random();
    private final List<IndexedChunk> smallChunks = new ArrayList<>();
    private final List<IndexedChunk> midChunks = new ArrayList<>();
    private final List<IndexedChunk> rareChunks = new ArrayList<>();
    private float[][] centers;
    private PgVectorIndex index;
    private EmbeddingSpace space;

    @BeforeAll
    void load() throws Exception {
        index = PG.index();
        space = EmbeddingSpace.of("selective", "test", DIMENSION, METRIC);
        index.createSpace(space);
        centers = new float[20][];
        for (int c = 0; c < centers.length; c++) {
            centers[c] = TestChunks.gaussian(random, DIMENSION);
        }
        List<IndexedChunk> batch = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            IndexedChunk chunk;
            if (i % 100 == 0) {
                // the 1% owner lives entirely in cluster 0, far from queries near cluster 1
                chunk = small.chunk(i, TestChunks.near(random, centers[0], 0.3));
                smallChunks.add(chunk);
            } else if (i % 10 == 5) {
                chunk = mid.chunk(i, TestChunks.near(random, centers[random.nextInt(centers.length)], 0.3));
                midChunks.add(chunk);
            } else {
                boolean rare = i % 100 == 7;
                chunk = big.chunk(i, "chunk " + i, Map.of("tag", rare ? "rare" : "common"),
                        TestChunks.near(random, centers[random.nextInt(centers.length)], 0.3));
                if (rare) {
                    rareChunks.add(chunk);
                }
            }
            batch.add(chunk);
            if (batch.size() == 1_000) {
                index.upsert(space.name(), batch);
                batch.clear();
            }
        }
        try (Connection connection = PG.connection(); Statement statement = connection.createStatement()) {
            statement.execute("ANALYZE " + PG.schema() + ".vectors_selective");
        }
    }

    @AfterAll
    void close() {
        index.close();
    }

    @Test
    void smallOwnerFarFromTheQueryGetsTheExactTopK() {
        float[] query = TestChunks.near(random, centers[1], 0.3);

        List<IndexHit> hits = index.search(small.vectorQuery(space.name(), 10, query));

        assertThat(hits).hasSize(10);
        assertThat(TestChunks.ids(hits)).containsExactlyElementsOf(TestChunks.exactTop(METRIC, smallChunks, 10, List.of(query)));
    }

    @Test
    void tenPercentOwnerGetsKHitsWithHighRecall() {
        double recall = 0;
        int queries = 10;
        for (int q = 0; q < queries; q++) {
            float[] query = TestChunks.near(random, centers[q], 0.3);
            List<IndexHit> hits = index.search(mid.vectorQuery(space.name(), 10, query));
            assertThat(hits).hasSize(10);
            recall += TestChunks.recall(TestChunks.exactTop(METRIC, midChunks, 10, List.of(query)), TestChunks.ids(hits));
        }
        assertThat(recall / queries).as("mean recall@10 of the 10%% owner").isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void selectiveMetadataFilterOnALargeOwnerStillGetsTheExactTopK() {
        float[] query = TestChunks.near(random, centers[2], 0.3);

        List<IndexHit> hits = index.search(new IndexQuery(space.name(), big.user(), List.of(big.knowledgeBase()),
                SearchMode.VECTOR, null, List.of(dev.ragstore.core.chunk.Embedding.of(query)), Filter.eq("tag", "rare"),
                10, null));

        assertThat(hits).hasSize(10);
        assertThat(TestChunks.ids(hits)).containsExactlyElementsOf(TestChunks.exactTop(METRIC, rareChunks, 10, List.of(query)));
    }

    @Test
    void planScansExactlyForASmallOwnerAndByTheAnnBranchForALargeOne() {
        float[] query = TestChunks.near(random, centers[1], 0.3);

        String smallPlan = index.explain(small.vectorQuery(space.name(), 10, query));
        String bigPlan = index.explain(big.vectorQuery(space.name(), 10, query));

        assertThat(scans(Plans.section(smallPlan, "ann"))).allMatch(l -> l.contains("never executed"));
        assertThat(scans(Plans.section(smallPlan, "exact"))).singleElement().asString()
                .contains("vectors_selective_owner_idx").contains("actual rows=60");
        // at this size the planner may prefer a sequential scan to the HNSW index; either way the ANN
        // branch (not the exact fallback) answers the large owner
        assertThat(scans(Plans.section(bigPlan, "ann"))).singleElement().asString().doesNotContain("never executed");
        // the ANN branch reads 2·k rows, of which the final ordering keeps the exactly nearest k
        assertThat(Plans.section(bigPlan, "ann").get(1)).contains("Limit").containsPattern("actual rows=20(\\.0+)? ");
        assertThat(scans(Plans.section(bigPlan, "exact"))).allMatch(l -> l.contains("never executed"));
        assertThat(scans(Plans.section(bigPlan, "multi"))).allMatch(l -> l.contains("never executed"));
    }

    /** The table and index scan lines of a plan section. */
    private static List<String> scans(List<String> section) {
        return Plans.scans(section, "vectors_selective");
    }
}
