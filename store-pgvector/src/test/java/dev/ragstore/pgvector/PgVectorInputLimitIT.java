package dev.ragstore.pgvector;

import dev.ragstore.core.chunk.DistanceMetric;
import dev.ragstore.core.chunk.EmbeddingSpace;
import dev.ragstore.core.chunk.VectorType;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.search.IndexedChunk;
import dev.ragstore.pgvector.TestChunks.Tenant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A chunk text whose tsvector is over PostgreSQL's 1 MB fails pgvector's space table (its generated
 * {@code text_search} column) as invalid input through store-postgres's error mapping, not as an
 * outage (issue 18, finding 11).
 */
class PgVectorInputLimitIT {

    @RegisterExtension
    static final PgVectorSchema PG = new PgVectorSchema("pgvector_limits");

    @Test
    void aChunkWhoseTsvectorExceedsPostgresLimitIsInvalidInputAndWritesNothing() {
        EmbeddingSpace space = new EmbeddingSpace("limits_4", "test", 4, DistanceMetric.COSINE, VectorType.FLOAT32);
        try (PgVectorIndex index = PG.index()) {
            index.createSpace(space);
            Tenant tenant = Tenant.random();
            StringBuilder text = new StringBuilder(1_000_000);
            for (int i = 0; i < 111_000; i++) {
                text.append('w').append(String.format("%07d", i)).append(' ');
            }
            IndexedChunk small = tenant.chunk(0, new float[] {1, 0, 0, 0});
            IndexedChunk huge = tenant.chunk(1, text.toString(), Map.of(), new float[] {0, 1, 0, 0});

            assertThatThrownBy(() -> index.upsert(space.name(), List.of(small, huge)))
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                        assertThat(e.field()).isEqualTo("chunk text");
                        assertThat(e.rule()).contains("tsvector");
                    });

            Long rows = PG.store().inAdminTransaction(handle -> handle
                    .createQuery("SELECT count(*) FROM " + PG.schema() + ".vectors_" + space.name()).mapTo(Long.class).one());
            assertThat(rows).isZero();
        }
    }
}
