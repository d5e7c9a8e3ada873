package dev.ragstore.pgvector;

import dev.ragstore.core.chunk.DistanceMetric;
import dev.ragstore.core.chunk.EmbeddingSpace;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.search.IndexHit;
import dev.ragstore.core.search.IndexedChunk;
import dev.ragstore.pgvector.TestChunks.Tenant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A vector search remembers that an owner was at or above the exact-search threshold, and later
 * searches skip the gate's count; "small" is never remembered, deletes through the index forget the
 * owner, a space with multi-vector chunks is always counted (a verdict gone stale through another
 * instance still finds them), and a zero time-to-live remembers nothing.
 */
class OwnerSizeMemoryIT {

    @RegisterExtension
    static final PgVectorSchema PG = new PgVectorSchema("pgvector_owner_sizes");

    private static final int DIMENSION = 16;
    private static final int THRESHOLD = 40;
    private static final DistanceMetric METRIC = DistanceMetric.COSINE;

    private final Random random = new Random(77L);

    @Test
    void largeIsRememberedSmallIsNotAndADeleteForgets() {
        try (PgVectorIndex index = PG.index(b -> b.exactSearchThreshold(THRESHOLD))) {
            EmbeddingSpace space = EmbeddingSpace.of("remembered", "test", DIMENSION, METRIC);
            index.createSpace(space);
            Tenant tenant = Tenant.random();
            List<IndexedChunk> chunks = new ArrayList<>(load(index, space, tenant, 0, 10));
            float[] query = TestChunks.gaussian(random, DIMENSION);

            assertExactTop(index, space, tenant, chunks, query);
            assertThat(counted(index.explain(tenant.vectorQuery(space.name(), 5, query)))).as("small: counted again").isTrue();

            chunks.addAll(load(index, space, tenant, 10, 400));
            assertThat(index.search(tenant.vectorQuery(space.name(), 5, query))).hasSize(5);
            String largePlan = index.explain(tenant.vectorQuery(space.name(), 5, query));
            assertThat(counted(largePlan)).as("large remembered: not counted").isFalse();
            assertThat(scans(Plans.section(largePlan, "ann"))).isNotEmpty().noneMatch(l -> l.contains("never executed"));
            assertThat(scans(Plans.section(largePlan, "exact"))).isNotEmpty().allMatch(l -> l.contains("never executed"));

            index.deleteChunks(space.name(), tenant.user(), chunks.subList(8, chunks.size()).stream()
                    .map(IndexedChunk::chunkId).toList());
            String afterDelete = index.explain(tenant.vectorQuery(space.name(), 5, query));
            assertThat(counted(afterDelete)).as("forgotten by the delete: counted").isTrue();
            assertThat(scans(Plans.section(afterDelete, "ann"))).isNotEmpty().allMatch(l -> l.contains("never executed"));
            assertExactTop(index, space, tenant, chunks.subList(0, 8), query);
        }
    }

    @Test
    void aStaleLargeVerdictStillFindsTheMultiVectorChunksOfAnOwnerWhoShrank() {
        try (PgVectorIndex searcher = PG.index(b -> b.exactSearchThreshold(THRESHOLD).iterativeScan(IterativeScan.OFF).efSearch(10));
             PgVectorIndex deleter = PG.index(b -> b.exactSearchThreshold(THRESHOLD))) {
            EmbeddingSpace space = EmbeddingSpace.of("stale_multi", "test", DIMENSION, METRIC);
            searcher.createSpace(space);
            float[] query = TestChunks.gaussian(random, DIMENSION);
            // another owner's token vectors crowd the query, so an ANN scan over the token table
            // filtered to the tenant afterwards finds none of the tenant's
            Tenant crowd = Tenant.random();
            List<IndexedChunk> crowdChunks = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                crowdChunks.add(crowd.chunk(i, TestChunks.near(random, query, 0.05), TestChunks.near(random, query, 0.05)));
            }
            searcher.upsert(space.name(), crowdChunks);
            Tenant tenant = Tenant.random();
            List<IndexedChunk> singles = load(searcher, space, tenant, 0, 400);
            List<IndexedChunk> multis = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                multis.add(tenant.chunk(400 + i, TestChunks.gaussian(random, DIMENSION), TestChunks.gaussian(random, DIMENSION)));
            }
            searcher.upsert(space.name(), multis);
            assertThat(searcher.search(tenant.vectorQuery(space.name(), 5, query))).hasSize(5);

            // the deletes go through another instance: the searcher still remembers "large"
            deleter.deleteChunks(space.name(), tenant.user(), singles.stream().map(IndexedChunk::chunkId).toList());

            List<IndexHit> hits = searcher.search(tenant.vectorQuery(space.name(), 5, query));
            assertThat(TestChunks.ids(hits)).containsExactlyElementsOf(TestChunks.exactTop(METRIC, multis, 5, List.of(query)));
        }
    }

    @Test
    void aZeroTimeToLiveCountsEveryTime() {
        try (PgVectorIndex index = PG.index(b -> b.exactSearchThreshold(THRESHOLD).ownerSizeTtl(Duration.ZERO))) {
            EmbeddingSpace space = EmbeddingSpace.of("unremembered", "test", DIMENSION, METRIC);
            index.createSpace(space);
            Tenant tenant = Tenant.random();
            load(index, space, tenant, 0, 400);
            float[] query = TestChunks.gaussian(random, DIMENSION);

            assertThat(index.search(tenant.vectorQuery(space.name(), 5, query))).hasSize(5);

            assertThat(counted(index.explain(tenant.vectorQuery(space.name(), 5, query)))).isTrue();
        }
    }

    @Test
    void aNegativeOrHugeTimeToLiveIsRefusedNamingTheField() {
        assertThatThrownBy(() -> PgVectorOptions.builder().ownerSizeTtl(Duration.ofSeconds(-1)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("ownerSizeTtl")
                .hasMessageContaining("between 0 and 1 day");
        assertThatThrownBy(() -> PgVectorOptions.builder().ownerSizeTtl(Duration.ofDays(2)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("ownerSizeTtl");
    }

    private List<IndexedChunk> load(PgVectorIndex index, EmbeddingSpace space, Tenant tenant, int from, int count) {
        List<IndexedChunk> chunks = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            chunks.add(tenant.chunk(i, TestChunks.gaussian(random, DIMENSION)));
        }
        index.upsert(space.name(), chunks);
        return chunks;
    }

    private static void assertExactTop(PgVectorIndex index, EmbeddingSpace space, Tenant tenant, List<IndexedChunk> chunks,
            float[] query) {
        List<IndexHit> hits = index.search(tenant.vectorQuery(space.name(), 5, query));
        assertThat(TestChunks.ids(hits)).containsExactlyElementsOf(TestChunks.exactTop(METRIC, chunks, 5, List.of(query)));
    }

    /** Whether the gate of {@code plan} counted the owner's rows on the owner b-tree. */
    private static boolean counted(String plan) {
        return Plans.section(plan, "gate").stream().anyMatch(l -> l.contains("owner_idx") && !l.contains("never executed"));
    }

    /** The scans of the space's chunk table among {@code lines}. */
    private static List<String> scans(List<String> lines) {
        return Plans.scans(lines, "vectors_");
    }
}
