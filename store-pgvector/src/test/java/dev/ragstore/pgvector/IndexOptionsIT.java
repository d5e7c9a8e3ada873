package dev.ragstore.pgvector;

import dev.ragstore.core.chunk.ChunkId;
import dev.ragstore.core.chunk.DistanceMetric;
import dev.ragstore.core.chunk.EmbeddingSpace;
import dev.ragstore.core.search.IndexHit;
import dev.ragstore.core.search.IndexedChunk;
import dev.ragstore.pgvector.TestChunks.Tenant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The index options reach PostgreSQL: HNSW parameters, IVFFlat built after loading, and its recall. */
class IndexOptionsIT {

    @RegisterExtension
    static final PgVectorSchema PG = new PgVectorSchema("pgvector_options");

    @Test
    void hnswParametersAreThoseOfTheBuilder() throws SQLException {
        try (PgVectorIndex index = PG.index(b -> b.hnswM(8).hnswEfConstruction(32).maintenanceWorkMem("128MB"))) {
            EmbeddingSpace space = EmbeddingSpace.of("hnsw_options", "test", 4, DistanceMetric.INNER_PRODUCT);
            index.createSpace(space);

            assertThat(indexDefinition("vectors_hnsw_options_ann_idx"))
                    .contains("USING hnsw (embedding vector_ip_ops)")
                    .contains("m='8'")
                    .contains("ef_construction='32'");
            assertThat(indexDefinition("multivectors_hnsw_options_ann_idx")).contains("USING hnsw");
        }
    }

    @Test
    void aRowThatFitsItsPageKeepsItsTextSearchVectorInTheHeapNotInToast() throws SQLException {
        try (PgVectorIndex index = PG.index()) {
            EmbeddingSpace space = EmbeddingSpace.of("inline_rows", "test", 384, DistanceMetric.COSINE);
            index.createSpace(space);
            Random random = new Random(5L);
            Tenant tenant = Tenant.random();
            StringBuilder text = new StringBuilder();
            for (int w = 0; w < 150; w++) {
                text.append("word").append(random.nextInt(5_000)).append(' ');
            }
            List<IndexedChunk> chunks = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                chunks.add(tenant.chunk(i, text.toString(), java.util.Map.of(), TestChunks.gaussian(random, 384)));
            }
            index.upsert(space.name(), chunks);

            try (Connection connection = PG.connection();
                 java.sql.Statement admin = connection.createStatement();
                 PreparedStatement select = connection.prepareStatement("SELECT c.reloptions::text,"
                         + " (SELECT count(*) FROM pg_class t WHERE t.oid = c.reltoastrelid AND t.relpages + pg_relation_size(t.oid) > 0),"
                         + " (SELECT min(pg_column_size(v.*)) FROM " + PG.schema() + ".vectors_inline_rows v)"
                         + " FROM pg_class c WHERE c.oid = CAST(? AS regclass)")) {
                select.setString(1, PG.schema() + ".vectors_inline_rows");
                admin.execute("SET ragstore.admin = 'on'");
                try (ResultSet rs = select.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).contains("toast_tuple_target=8160");
                    assertThat(rs.getInt(3)).as("row bytes, above the default 2 kB TOAST target").isGreaterThan(2_100);
                    assertThat(rs.getLong(2)).as("TOAST pages in use").isZero();
                }
            }
        }
    }

    @Test
    void ivfflatIndexIsBuiltAfterLoadingAndReachesHighRecall() throws SQLException {
        try (PgVectorIndex index = PG.index(b -> b.indexMethod(IndexMethod.IVFFLAT).ivfflatLists(20).ivfflatProbes(6)
                .annIndexOnCreate(false))) {
            EmbeddingSpace space = EmbeddingSpace.of("ivf", "test", 16, DistanceMetric.L2);
            index.createSpace(space);
            assertThat(indexDefinition("vectors_ivf_ann_idx")).isNull();
            Random random = new Random(11L);
            Tenant tenant = Tenant.random();
            float[][] centers = new float[20][];
            for (int c = 0; c < centers.length; c++) {
                centers[c] = TestChunks.gaussian(random, 16);
            }
            List<IndexedChunk> chunks = new ArrayList<>();
            for (int i = 0; i < 3_000; i++) {
                chunks.add(tenant.chunk(i, TestChunks.near(random, centers[i % centers.length], 0.4)));
            }
            index.upsert(space.name(), chunks);

            index.buildAnnIndexes(space.name());
            index.buildAnnIndexes(space.name());

            assertThat(indexDefinition("vectors_ivf_ann_idx")).contains("USING ivfflat (embedding)")
                    .contains("lists='20'");
            double recall = 0;
            for (int q = 0; q < 10; q++) {
                float[] query = TestChunks.near(random, centers[q], 0.4);
                List<IndexHit> hits = index.search(tenant.vectorQuery(space.name(), 10, query));
                assertThat(hits).hasSize(10);
                List<ChunkId> exact = TestChunks.exactTop(DistanceMetric.L2, chunks, 10, List.of(query));
                recall += TestChunks.recall(exact, hits.stream().map(IndexHit::chunkId).toList());
            }
            assertThat(recall / 10).isGreaterThanOrEqualTo(0.9);
        }
    }

    @Test
    void aQuerysAnnCandidatesBecomeItsEfSearchAndOtherwiseTheBuildersDefaultApplies() {
        try (PgVectorIndex index = PG.index(b -> b.efSearch(64))) {
            Tenant tenant = Tenant.random();
            dev.ragstore.core.search.IndexQuery plain = tenant.vectorQuery("any", 10, new float[] {1, 0});
            dev.ragstore.core.search.IndexQuery wide = new dev.ragstore.core.search.IndexQuery(plain.space(), plain.ownerId(),
                    plain.knowledgeBases(), plain.mode(), null, plain.vectors(), null, 10, null, 400);

            assertThat(index.tuningFor(plain).efSearch()).isEqualTo(64);
            assertThat(index.tuningFor(wide).efSearch()).isEqualTo(400);
        }
    }

    private static String indexDefinition(String name) throws SQLException {
        try (Connection connection = PG.connection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT indexdef FROM pg_indexes WHERE schemaname = ? AND indexname = ?")) {
            select.setString(1, PG.schema());
            select.setString(2, name);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
