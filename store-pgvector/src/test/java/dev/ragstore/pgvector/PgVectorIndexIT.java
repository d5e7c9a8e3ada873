package dev.ragstore.pgvector;

import dev.ragstore.core.chunk.DistanceMetric;
import dev.ragstore.core.chunk.Embedding;
import dev.ragstore.core.chunk.EmbeddingSpace;
import dev.ragstore.core.chunk.VectorType;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.postgres.PostgresStore;
import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.error.StoreUnavailableException;
import dev.ragstore.core.search.IndexCapabilities;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the pgvector index adds to the contract: storage encodings, limits, settings and capabilities. */
class PgVectorIndexIT {

    @RegisterExtension
    static final PgVectorSchema PG = new PgVectorSchema("pgvector_index");

    /** Values that exercise rounding to half precision: ties to even, subnormals, the extremes, signed zero. */
    private static final float[] TRICKY = {0.1f, -0.0f, 1.0009766f, 1.0029297f, 6.0e-8f, -3.0e-8f, 2.0e-8f, 65504f,
            -65519f, 1e-5f, 0.33333334f, 123.456f, -7.5e-3f, 3.1415927f, 1.0e-45f, 2049.0f,
            1.00048828125f, 1.00146484375f, 0x1p-25f, 0x3p-25f, -0x1.8p-15f, 0x1.ffcp-15f};

    private final PgVectorIndex index = PG.index();

    @AfterEach
    void close() {
        index.close();
    }

    @Test
    void binaryCopyStoresTheSameFloat32VectorAsTheTextForm() throws SQLException {
        assertBinaryEqualsText(VectorType.FLOAT32, "vector");
    }

    @Test
    void binaryCopyStoresTheSameHalfVectorAsTheTextForm() throws SQLException {
        assertBinaryEqualsText(VectorType.FLOAT16, "halfvec");
    }

    private void assertBinaryEqualsText(VectorType type, String sqlType) throws SQLException {
        EmbeddingSpace space = new EmbeddingSpace("encoding_" + sqlType, "test", TRICKY.length, DistanceMetric.L2, type);
        index.createSpace(space);
        Tenant tenant = Tenant.random();
        IndexedChunk chunk = tenant.chunk(0, TRICKY);
        index.upsert(space.name(), List.of(chunk));

        try (Connection connection = PG.connection();
             PreparedStatement select = connection.prepareStatement("SELECT embedding::text, embedding = CAST(? AS public."
                     + sqlType + "), (SELECT count(*) FROM " + PG.schema() + ".vectors_" + space.name()
                     + " WHERE embedding = CAST(? AS public." + sqlType + ")) FROM " + PG.schema() + ".vectors_"
                     + space.name() + " WHERE chunk_id = ?")) {
            String text = dev.ragstore.pgvector.internal.VectorCodec.literal(Embedding.of(TRICKY));
            select.setString(1, text);
            select.setString(2, text);
            select.setObject(3, chunk.chunkId().value());
            try (ResultSet rs = select.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBoolean(2)).as("binary %s equals text %s", rs.getString(1), text).isTrue();
                assertThat(rs.getLong(3)).isEqualTo(1);
            }
        }
    }

    @Test
    void storedRowsCarryEveryIndexedField() throws SQLException {
        EmbeddingSpace space = EmbeddingSpace.of("fields", "test", 3, DistanceMetric.COSINE);
        index.createSpace(space);
        Tenant tenant = Tenant.random();
        IndexedChunk chunk = new IndexedChunk(new dev.ragstore.core.chunk.ChunkId(UUID.randomUUID()), tenant.user(),
                tenant.knowledgeBase(), tenant.document(), 7, 3, "application/pdf", "Grüße, 世界 — naïve text",
                Map.of("n", 9_007_199_254_740_993L, "d", 0.1, "ref", UUID.fromString("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b")),
                java.time.Instant.parse("2024-05-01T10:00:00.123456Z"), List.of(Embedding.of(1, 2, 3)));
        index.upsert(space.name(), List.of(chunk));

        try (Connection connection = PG.connection();
             PreparedStatement select = connection.prepareStatement("SELECT owner_id, knowledge_base_id, document_id, "
                     + "chunk_index, page, mime_type, created_at = '2024-05-01T10:00:00.123456Z'::timestamptz, "
                     + "metadata->>'n', metadata->>'d', metadata->'@types'->>'ref', text, vector_count, "
                     + "text_search @@ to_tsquery('simple', 'grüße') FROM " + PG.schema() + ".vectors_fields WHERE chunk_id = ?")) {
            select.setObject(1, chunk.chunkId().value());
            try (ResultSet rs = select.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getObject(1, UUID.class)).isEqualTo(tenant.user().value());
                assertThat(rs.getObject(2, UUID.class)).isEqualTo(tenant.knowledgeBase().value());
                assertThat(rs.getObject(3, UUID.class)).isEqualTo(tenant.document().value());
                assertThat(rs.getInt(4)).isEqualTo(7);
                assertThat(rs.getInt(5)).isEqualTo(3);
                assertThat(rs.getString(6)).isEqualTo("application/pdf");
                assertThat(rs.getBoolean(7)).isTrue();
                assertThat(rs.getString(8)).isEqualTo("9007199254740993");
                assertThat(rs.getString(9)).isEqualTo("0.1");
                assertThat(rs.getString(10)).isEqualTo("uuid");
                assertThat(rs.getString(11)).isEqualTo("Grüße, 世界 — naïve text");
                assertThat(rs.getInt(12)).isEqualTo(1);
                assertThat(rs.getBoolean(13)).isTrue();
            }
        }
    }

    @Test
    void halfPrecisionValueOutOfRangeIsRejectedBeforeAnythingIsWritten() {
        EmbeddingSpace space = new EmbeddingSpace("half_range", "test", 2, DistanceMetric.L2, VectorType.FLOAT16);
        index.createSpace(space);
        Tenant tenant = Tenant.random();
        IndexedChunk good = tenant.chunk(0, new float[] {1, 2});
        IndexedChunk bad = tenant.chunk(1, new float[] {1, 70_000});

        assertThatThrownBy(() -> index.upsert(space.name(), List.of(good, bad)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("chunk vector[1]")
                .hasMessageContaining("65504")
                .hasMessageContaining("half_range");
        assertThat(index.search(tenant.vectorQuery(space.name(), 10, new float[] {1, 2}))).isEmpty();
    }

    @Test
    void repeatedChunkIdInOneUpsertIsRejected() {
        EmbeddingSpace space = EmbeddingSpace.of("repeated", "test", 2, DistanceMetric.L2);
        index.createSpace(space);
        Tenant tenant = Tenant.random();
        IndexedChunk chunk = tenant.chunk(0, new float[] {1, 2});

        assertThatThrownBy(() -> index.upsert(space.name(), List.of(chunk, chunk)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("chunk id")
                .hasMessageContaining("unique")
                .hasMessageContaining(chunk.chunkId().toString());
    }

    @Test
    void dimensionsAbovePgvectorsIndexLimitAreRejectedForFloat32ButNotForFloat16() {
        assertThatThrownBy(() -> index.createSpace(EmbeddingSpace.of("too_wide", "test", 2_001, DistanceMetric.COSINE)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("embedding space dimension")
                .hasMessageContaining("2000")
                .hasMessageContaining("2001")
                .hasMessageContaining("FLOAT16");
        EmbeddingSpace wideHalf = new EmbeddingSpace("wide_half", "test", 3_072, DistanceMetric.COSINE, VectorType.FLOAT16);
        index.createSpace(wideHalf);
        float[] vector = new float[3_072];
        vector[0] = 1;
        Tenant tenant = Tenant.random();
        index.upsert(wideHalf.name(), List.of(tenant.chunk(0, vector)));

        assertThat(index.search(tenant.vectorQuery(wideHalf.name(), 1, vector))).hasSize(1);
    }

    @Test
    void searchOfAnUnknownSpaceIsNotFound() {
        assertThatThrownBy(() -> index.search(Tenant.random().vectorQuery("never_created", 10, new float[] {1})))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("never_created");
    }

    @Test
    void perQueryEfSearchIsApplied() {
        EmbeddingSpace space = EmbeddingSpace.of("tuned", "test", 2, DistanceMetric.L2);
        index.createSpace(space);
        Tenant tenant = Tenant.random();
        index.upsert(space.name(), List.of(tenant.chunk(0, new float[] {1, 2}), tenant.chunk(1, new float[] {3, 4})));

        assertThat(index.search(tenant.vectorQuery(space.name(), 2, new float[] {1, 2}), SearchTuning.of(400, 1)))
                .hasSize(2);
        assertThatThrownBy(() -> SearchTuning.of(0, 1))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("efSearch")
                .hasMessageContaining("1000");
    }

    @Test
    void capabilitiesNameTheAdapterAndItsLimits() {
        IndexCapabilities capabilities = index.capabilities();

        assertThat(capabilities.adapter()).isEqualTo("pgvector");
        assertThat(capabilities.modes()).containsExactlyInAnyOrder(SearchMode.values());
        assertThat(capabilities.metrics()).containsExactlyInAnyOrder(DistanceMetric.values());
        assertThat(capabilities.vectorTypes()).containsExactlyInAnyOrder(VectorType.values());
        assertThat(capabilities.multiVector()).isTrue();
        assertThat(capabilities.limitations()).anyMatch(l -> l.contains("ts_rank"));
    }

    @Test
    void closedIndexRefusesCalls() {
        PgVectorIndex closed = PG.index();
        closed.close();
        closed.close();

        assertThatThrownBy(() -> closed.createSpace(EmbeddingSpace.of("after_close", "test", 2, DistanceMetric.L2)))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void builderRejectsImpossibleSettingsNamingThem() {
        assertThatThrownBy(() -> PgVectorOptions.builder().hnswM(1))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("hnswM").hasMessageContaining("2 and 100");
        assertThatThrownBy(() -> PgVectorOptions.builder().hnswM(32).hnswEfConstruction(40).build())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("hnswEfConstruction").hasMessageContaining("64");
        assertThatThrownBy(() -> PgVectorOptions.builder().maintenanceWorkMem("lots"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("maintenanceWorkMem").hasMessageContaining("lots");
        assertThatThrownBy(() -> PG.storeBuilder(PgVectorOptions.builder().textSearchConfig("klingon").build()).build())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("textSearchConfig").hasMessageContaining("klingon");
        assertThatThrownBy(() -> PgVectorOptions.builder().textSearchConfig("Bad-Name"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("textSearchConfig");
    }

    @Test
    void ofWithoutTheInstalledExtensionFailsNamingTheMissingCall() {
        try (PostgresStore plain = PostgresStore.builder().jdbcUrl(PG.fixture().jdbcUrl()).username(PG.fixture().user())
                .password(PG.fixture().password()).schema(PG.schema()).maximumPoolSize(1).migrateOnStart(false).build()) {
            assertThatThrownBy(() -> PgVectorIndex.of(plain))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("install(PgVectorIndex.extension())")
                    .hasMessageContaining(PG.schema());
        }
    }
}
