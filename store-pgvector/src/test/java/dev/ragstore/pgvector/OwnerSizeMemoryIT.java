package dev.ragstore.pgvector;

import dev.ragstore.core.chunk.ChunkId;
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
 * A vector search remembers whether the owner was below the exact-search threshold and later
 * searches skip the gate's count; a verdict gone stale (the owner grew or shrank since) still gives
 * the exact top k, and a zero time-to-live remembers nothing.
 */
class OwnerSizeMemoryIT {

    @RegisterExtension
    static final PgVectorSchema PG = new PgVectorSchema("pgvector_owner_sizes");

    private static final int DIMENSION = 16;
    private static final int THRESHOLD = 40;
    private static final DistanceMetric METRIC = DistanceMetric.COSINE;

    private final Random random = new Random(77L);

    @Test
    void aRememberedVerdictSkipsTheCountAndAStaleOneStillGivesTheExactTopK() {
        try (PgVectorIndex index = PG.index(b -> b.exactSearchThreshold(THRESHOLD))) {
            EmbeddingSpace space = EmbeddingSpace.of("remembered", "test", DIMENSION, METRIC);
            index.createSpace(space);
            Tenant tenant = Tenant.random();
            List<IndexedChunk> chunks = new ArrayList<>(load(index, space, tenant, 0, 10));
            float[] query = TestChunks.gaussian(random, DIMENSION);

            assertThat(gate(index.explain(tenant.vectorQuery(space.name(), 5, query)))).as("nothing remembered yet")
                    .contains("Aggregate");
            assertExactTop(index, space, tenant, chunks, query);
            assertThat(gate(index.explain(tenant.vectorQuery(space.name(), 5, query)))).as("small remembered")
                    .doesNotContain("Aggregate").doesNotContain("owner_idx");

            // the owner grows far above the threshold: the stale "small" verdict searches exactly
            chunks.addAll(load(index, space, tenant, 10, 400));
            assertExactTop(index, space, tenant, chunks, query);
            String stalePlan = index.explain(tenant.vectorQuery(space.name(), 5, query));
            assertThat(scans(section(stalePlan, "ann"))).isNotEmpty().allMatch(l -> l.contains("never executed"));
            assertThat(scans(section(stalePlan, "exact"))).isNotEmpty().noneMatch(l -> l.contains("never executed"));

            // a second depth has its own verdict, counted now: large
            List<IndexHit> deeper = index.search(tenant.vectorQuery(space.name(), 6, query));
            assertThat(deeper).hasSize(6);
            String largePlan = index.explain(tenant.vectorQuery(space.name(), 6, query));
            assertThat(gate(largePlan)).doesNotContain("owner_idx");
            assertThat(scans(section(largePlan, "ann"))).isNotEmpty().noneMatch(l -> l.contains("never executed"));
            assertThat(scans(section(largePlan, "exact"))).isNotEmpty().allMatch(l -> l.contains("never executed"));

            // the owner shrinks below k: the stale "large" verdict still falls back to the exact scan
            index.deleteChunks(space.name(), tenant.user(), chunks.subList(3, chunks.size()).stream()
                    .map(IndexedChunk::chunkId).toList());
            List<IndexHit> few = index.search(tenant.vectorQuery(space.name(), 6, query));
            assertThat(ids(few)).containsExactlyElementsOf(
                    TestChunks.exactTop(METRIC, chunks.subList(0, 3), 6, List.of(query)));
        }
    }

    @Test
    void aZeroTimeToLiveCountsEveryTime() {
        try (PgVectorIndex index = PG.index(b -> b.exactSearchThreshold(THRESHOLD).ownerSizeTtl(Duration.ZERO))) {
            EmbeddingSpace space = EmbeddingSpace.of("unremembered", "test", DIMENSION, METRIC);
            index.createSpace(space);
            Tenant tenant = Tenant.random();
            List<IndexedChunk> chunks = load(index, space, tenant, 0, 10);
            float[] query = TestChunks.gaussian(random, DIMENSION);

            assertExactTop(index, space, tenant, chunks, query);

            assertThat(gate(index.explain(tenant.vectorQuery(space.name(), 5, query)))).contains("Aggregate")
                    .contains("owner_idx");
        }
    }

    @Test
    void aNegativeOrHugeTimeToLiveIsRefusedNamingTheField() {
        assertThatThrownBy(() -> PgVectorIndex.builder(PG.store()).ownerSizeTtl(Duration.ofSeconds(-1)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("ownerSizeTtl")
                .hasMessageContaining("between 0 and 1 day");
        assertThatThrownBy(() -> PgVectorIndex.builder(PG.store()).ownerSizeTtl(Duration.ofDays(2)))
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
        assertThat(ids(hits)).containsExactlyElementsOf(TestChunks.exactTop(METRIC, chunks, 5, List.of(query)));
    }

    /** The plan of CTE {@code gate}. */
    private static String gate(String plan) {
        return String.join("\n", section(plan, "gate"));
    }

    /** The lines of the plan of CTE {@code name}. */
    private static List<String> section(String plan, String name) {
        List<String> lines = plan.lines().toList();
        int start = lines.indexOf("  CTE " + name);
        assertThat(start).as("CTE %s in plan\n%s", name, plan).isNotNegative();
        int end = start + 1;
        while (end < lines.size() && !lines.get(end).startsWith("  CTE ") && !lines.get(end).startsWith("  ->")) {
            end++;
        }
        return lines.subList(start, end);
    }

    /** The scans of the space's chunk table among {@code lines}. */
    private static List<String> scans(List<String> lines) {
        return lines.stream().filter(l -> l.contains(" Scan on vectors_") || l.contains(" Scan using vectors_")).toList();
    }

    private static List<ChunkId> ids(List<IndexHit> hits) {
        return hits.stream().map(IndexHit::chunkId).toList();
    }
}
