package dev.ragstore.pgvector;

import dev.ragstore.core.chunk.DistanceMetric;
import dev.ragstore.core.chunk.EmbeddingSpace;
import dev.ragstore.core.error.StoreUnavailableException;
import dev.ragstore.core.search.IndexHit;
import dev.ragstore.core.search.IndexedChunk;
import dev.ragstore.pgvector.TestChunks.Tenant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Row-level security is a second wall on the vector tables: a transaction scoped to one user sees
 * and writes only that user's rows, whatever its SQL says.
 */
class RowLevelSecurityIT {

    @RegisterExtension
    static final PgVectorSchema PG = new PgVectorSchema("pgvector_rls");

    private final PgVectorIndex index = PG.index();

    @AfterEach
    void close() {
        index.close();
    }

    @Test
    void anOwnerScopedTransactionSeesOnlyThatOwnersVectors() {
        EmbeddingSpace space = EmbeddingSpace.of("rls_read", "test", 2, DistanceMetric.L2);
        index.createSpace(space);
        Tenant alice = Tenant.random();
        Tenant bob = Tenant.random();
        index.upsert(space.name(), List.of(alice.chunk(0, new float[] {1, 2}), alice.chunk(1, new float[] {1, 2}),
                bob.chunk(0, new float[] {1, 2})));

        long seenByBob = PG.store().inTransaction(bob.user(), h -> h.createQuery("SELECT count(*) FROM " + PG.schema()
                + ".vectors_rls_read").mapTo(Long.class).one());
        long tokensSeenByBob = PG.store().inTransaction(bob.user(), h -> h.createQuery("SELECT count(*) FROM "
                + PG.schema() + ".multivectors_rls_read").mapTo(Long.class).one());

        assertThat(seenByBob).isEqualTo(1);
        assertThat(tokensSeenByBob).isZero();
    }

    @Test
    void anOwnerScopedTransactionCannotWriteAnotherOwnersRow() {
        EmbeddingSpace space = EmbeddingSpace.of("rls_write", "test", 2, DistanceMetric.L2);
        index.createSpace(space);
        Tenant alice = Tenant.random();
        Tenant bob = Tenant.random();

        assertThatThrownBy(() -> PG.store().inTransaction(bob.user(), h -> h.createUpdate("INSERT INTO " + PG.schema()
                + ".vectors_rls_write (chunk_id, owner_id, knowledge_base_id, document_id, chunk_index, mime_type, "
                + "created_at, metadata, text, vector_count, embedding) VALUES (gen_random_uuid(), :owner, gen_random_uuid(), "
                + "gen_random_uuid(), 0, 'text/plain', now(), '{}', 'x', 1, '[1,2]')")
                .bind("owner", alice.user().value()).execute()))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("row-level security");
    }

    @Test
    void oneUpsertOfSeveralOwnersWritesEachUnderItsOwnScope() {
        EmbeddingSpace space = EmbeddingSpace.of("rls_batch", "test", 2, DistanceMetric.L2);
        index.createSpace(space);
        Tenant alice = Tenant.random();
        Tenant bob = Tenant.random();
        IndexedChunk alices = alice.chunk(0, new float[] {1, 2});
        IndexedChunk bobs = bob.chunk(0, new float[] {1, 2});

        index.upsert(space.name(), List.of(alices, bobs));

        assertThat(index.search(alice.vectorQuery(space.name(), 10, new float[] {1, 2})))
                .extracting(IndexHit::chunkId).containsExactly(alices.chunkId());
        assertThat(index.search(bob.vectorQuery(space.name(), 10, new float[] {1, 2})))
                .extracting(IndexHit::chunkId).containsExactly(bobs.chunkId());
    }

    @Test
    void spacesOfAStoreWithoutRowLevelSecurityHaveNoPoliciesStayOwnerScopedAndKeywordSearchUsesTheGinIndex() throws Exception {
        EmbeddingSpace space = EmbeddingSpace.of("rls_off", "test", 2, DistanceMetric.L2);
        index.createSpace(space);
        Tenant alice = Tenant.random();
        Tenant bob = Tenant.random();
        List<IndexedChunk> chunks = new java.util.ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            chunks.add(alice.chunk(i, "common words only " + i, java.util.Map.of(), new float[] {1, i}));
        }
        IndexedChunk rare = alice.chunk(3_000, "a zebrafish appears once", java.util.Map.of(), new float[] {1, 2});
        chunks.add(rare);
        IndexedChunk bobsRare = bob.chunk(0, "bob's zebrafish", java.util.Map.of(), new float[] {1, 2});
        try (dev.ragstore.postgres.PostgresStore unsecured = PG.storeBuilder().rowLevelSecurity(false).build();
             PgVectorIndex open = PgVectorIndex.of(unsecured)) {
            open.createSpace(space);
            EmbeddingSpace other = EmbeddingSpace.of("rls_off_new", "test", 2, DistanceMetric.L2);
            open.createSpace(other);
            open.upsert(other.name(), chunks);
            open.upsert(other.name(), List.of(bobsRare));
            try (java.sql.Connection c = PG.connection(); java.sql.Statement s = c.createStatement()) {
                s.execute("ANALYZE " + PG.schema() + ".vectors_rls_off_new");
                java.sql.ResultSet rs = s.executeQuery("SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class "
                        + "WHERE relnamespace = '" + PG.schema() + "'::regnamespace AND relname IN ('vectors_rls_off', 'vectors_rls_off_new')"
                        + " ORDER BY relname");
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBoolean(2)).as("created by the secured store").isTrue();
                assertThat(rs.getBoolean(3)).isTrue();
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBoolean(2)).as("created by the store without row-level security").isFalse();
            }
            dev.ragstore.core.search.IndexQuery keyword = new dev.ragstore.core.search.IndexQuery(other.name(), alice.user(),
                    List.of(alice.knowledgeBase()), dev.ragstore.core.search.SearchMode.KEYWORD, "zebrafish", List.of(),
                    null, 10, null);

            assertThat(open.search(keyword)).extracting(IndexHit::chunkId).containsExactly(rare.chunkId());
            assertThat(open.explain(keyword)).contains("vectors_rls_off_new_text_idx");
        }
    }
}
