package dev.ragstore.pgvector;

import dev.ragstore.core.chunk.ChunkId;
import dev.ragstore.core.chunk.DistanceMetric;
import dev.ragstore.core.chunk.Embedding;
import dev.ragstore.core.chunk.EmbeddingSpace;
import dev.ragstore.core.filter.Filter;
import dev.ragstore.core.search.IndexHit;
import dev.ragstore.core.search.IndexQuery;
import dev.ragstore.core.search.IndexedChunk;
import dev.ragstore.core.search.SearchMode;
import dev.ragstore.pgvector.TestChunks.Tenant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Late-interaction search (LAYRA's ColBERT pages): chunks with many vectors, queries with many
 * vectors, ranked by exact MaxSim after candidate generation by ANN over the token vectors.
 */
class MultiVectorIT {

    @RegisterExtension
    static final PgVectorSchema PG = new PgVectorSchema("pgvector_multi");

    private final List<PgVectorIndex> indexes = new ArrayList<>();

    @AfterEach
    void close() {
        indexes.forEach(PgVectorIndex::close);
    }

    private PgVectorIndex index(java.util.function.UnaryOperator<PgVectorOptions.Builder> customize) {
        PgVectorIndex index = PG.index(customize);
        indexes.add(index);
        return index;
    }

    @Test
    void oneQueryVectorScoresAMultiVectorChunkByItsBestVector() {
        PgVectorIndex index = index(b -> b);
        EmbeddingSpace space = EmbeddingSpace.of("mixed", "test", 3, DistanceMetric.COSINE);
        index.createSpace(space);
        Tenant tenant = Tenant.random();
        IndexedChunk multi = tenant.chunk(0, new float[] {1, 0, 0}, new float[] {0, 1, 0});
        IndexedChunk single = tenant.chunk(1, new float[] {0.6f, 0.8f, 0});
        IndexedChunk far = tenant.chunk(2, new float[] {0, 0, 1});
        index.upsert(space.name(), List.of(multi, single, far));

        List<IndexHit> hits = index.search(tenant.vectorQuery(space.name(), 10, new float[] {0, 1, 0}));

        assertThat(hits).extracting(IndexHit::chunkId).containsExactly(multi.chunkId(), single.chunkId(), far.chunkId());
        assertThat(hits.get(0).score()).isCloseTo(1.0, within(1e-6));
        assertThat(hits.get(1).score()).isCloseTo(0.8, within(1e-6));
        assertThat(hits.get(2).score()).isCloseTo(0.0, within(1e-6));
    }

    @Test
    void maxSimRankingEqualsBruteForceForColbertLikePages() {
        assertMaxSimAgainstBruteForce(index(b -> b), "colbert_exact", 1.0);
    }

    @Test
    void annCandidateGenerationKeepsRecallHigh() {
        // a threshold of 1 row sends every search through ANN candidate generation
        assertMaxSimAgainstBruteForce(index(b -> b.exactSearchThreshold(1)), "colbert_ann", 0.9);
    }

    private void assertMaxSimAgainstBruteForce(PgVectorIndex index, String name, double minimumRecall) {
        DistanceMetric metric = DistanceMetric.INNER_PRODUCT;
        int dimension = 32;
        EmbeddingSpace space = EmbeddingSpace.of(name, "colbert-like", dimension, metric);
        index.createSpace(space);
        Random random = new Random(7L);
        Tenant tenant = Tenant.random();
        float[][] topics = new float[8][];
        for (int t = 0; t < topics.length; t++) {
            topics[t] = unit(TestChunks.gaussian(random, dimension));
        }
        List<IndexedChunk> pages = new ArrayList<>();
        for (int p = 0; p < 80; p++) {
            int tokens = 6 + random.nextInt(15);
            float[][] vectors = new float[tokens][];
            for (int v = 0; v < tokens; v++) {
                vectors[v] = unit(TestChunks.near(random, topics[(p + v) % topics.length], 0.6));
            }
            pages.add(tenant.chunk(p, vectors));
        }
        index.upsert(space.name(), pages);

        double recall = 0;
        int queries = 5;
        for (int q = 0; q < queries; q++) {
            List<float[]> query = new ArrayList<>();
            for (int v = 0; v < 6; v++) {
                query.add(unit(TestChunks.near(random, topics[(q + v) % 3], 0.6)));
            }
            List<IndexHit> hits = index.search(tenant.vectorQuery(space.name(), 10, query.toArray(float[][]::new)));
            List<ChunkId> exact = TestChunks.exactTop(metric, pages, 10, query);
            assertThat(hits).hasSize(10);
            for (IndexHit hit : hits) {
                IndexedChunk page = pages.stream().filter(c -> c.chunkId().equals(hit.chunkId())).findFirst().orElseThrow();
                assertThat(hit.score()).isCloseTo(TestChunks.maxSim(metric, query, page), within(1e-4));
            }
            if (minimumRecall >= 1.0) {
                assertThat(hits).extracting(IndexHit::chunkId).containsExactlyElementsOf(exact);
            }
            recall += TestChunks.recall(exact, hits.stream().map(IndexHit::chunkId).toList());
        }
        assertThat(recall / queries).isGreaterThanOrEqualTo(minimumRecall);
    }

    @Test
    void multiVectorSearchAppliesTheMetadataFilter() {
        PgVectorIndex index = index(b -> b);
        EmbeddingSpace space = EmbeddingSpace.of("multi_filter", "test", 2, DistanceMetric.INNER_PRODUCT);
        index.createSpace(space);
        Tenant tenant = Tenant.random();
        IndexedChunk keep = tenant.chunk(0, "kept", Map.of("lang", "en"), new float[] {1, 0}, new float[] {0, 1});
        IndexedChunk drop = tenant.chunk(1, "dropped", Map.of("lang", "de"), new float[] {2, 0}, new float[] {0, 2});
        index.upsert(space.name(), List.of(keep, drop));

        List<IndexHit> hits = index.search(new IndexQuery(space.name(), tenant.user(), List.of(tenant.knowledgeBase()),
                SearchMode.VECTOR, null, List.of(Embedding.of(1, 0), Embedding.of(0, 1)), Filter.eq("lang", "en"), 10, null));

        assertThat(hits).extracting(IndexHit::chunkId).containsExactly(keep.chunkId());
        assertThat(hits.get(0).score()).isCloseTo(2.0, within(1e-6));
    }

    @Test
    void replacingAndDeletingMultiVectorChunksRemovesTheirTokenVectors() throws SQLException {
        PgVectorIndex index = index(b -> b);
        EmbeddingSpace space = EmbeddingSpace.of("multi_replace", "test", 2, DistanceMetric.L2);
        index.createSpace(space);
        Tenant tenant = Tenant.random();
        IndexedChunk multi = tenant.chunk(0, new float[] {1, 0}, new float[] {0, 1}, new float[] {1, 1});
        IndexedChunk other = tenant.chunk(1, new float[] {1, 0}, new float[] {0, 1});
        index.upsert(space.name(), List.of(multi, other));
        assertThat(tokenRows(space)).isEqualTo(5);

        index.upsert(space.name(), List.of(new IndexedChunk(multi.chunkId(), tenant.user(), tenant.knowledgeBase(),
                tenant.document(), 0, null, "text/plain", "now single", Map.of(), TestChunks.CREATED,
                List.of(Embedding.of(3, 3)))));
        assertThat(tokenRows(space)).isEqualTo(2);
        assertThat(index.search(tenant.vectorQuery(space.name(), 1, new float[] {3, 3})))
                .extracting(IndexHit::chunkId).containsExactly(multi.chunkId());

        index.deleteDocument(space.name(), tenant.user(), tenant.document());
        assertThat(tokenRows(space)).isZero();
        assertThat(index.search(tenant.vectorQuery(space.name(), 10, new float[] {1, 0}))).isEmpty();
    }

    private static long tokenRows(EmbeddingSpace space) throws SQLException {
        try (Connection connection = PG.connection();
             PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM " + PG.schema()
                     + ".multivectors_" + space.name());
             ResultSet rs = count.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static float[] unit(float[] vector) {
        double norm = 0;
        for (float v : vector) {
            norm += v * v;
        }
        float[] unit = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            unit[i] = (float) (vector[i] / Math.sqrt(norm));
        }
        return unit;
    }
}
