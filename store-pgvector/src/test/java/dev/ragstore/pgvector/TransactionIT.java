package dev.ragstore.pgvector;

import dev.ragstore.core.RagStore;
import dev.ragstore.core.chunk.Chunk;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.document.DocumentSource;
import dev.ragstore.core.document.IngestResult;
import dev.ragstore.core.error.StoreUnavailableException;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.user.NewUser;
import dev.ragstore.core.user.UserId;
import dev.ragstore.postgres.PostgresStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Chunk rows (store-postgres) and their vectors (this index) change in one transaction: a host
 * transaction around an ingestion commits both or neither, even when the server connection dies
 * before the commit; deleting or replacing chunks in the store takes their vectors along through
 * the chunk-write listener.
 */
class TransactionIT {

    @RegisterExtension
    static final PgVectorSchema PG = new PgVectorSchema("pgvector_tx");

    private static final String TEXT = "Vectors and chunks commit together. ".repeat(120);

    private PostgresStore store;
    private RagStore rag;
    private UserId owner;
    private KnowledgeBase knowledgeBase;

    @BeforeEach
    void start() {
        store = PG.storeBuilder().build();
        rag = RagStore.builder().relationalStore(store).vectorIndex(PgVectorIndex.of(store)).build();
        owner = rag.admin().createUser(NewUser.of("tx-" + UUID.randomUUID().toString().substring(0, 8), "password-123")).id();
        knowledgeBase = rag.forUser(owner).knowledgeBases().create("kb", "transactions", Map.of());
    }

    @AfterEach
    void stop() {
        rag.close();
    }

    @Test
    void ingestionInAHostTransactionCommitsChunksAndVectorsTogether() throws SQLException {
        IngestResult result = store.inTransaction(owner, h -> rag.forUser(owner).documents().ingest(knowledgeBase.id(),
                source("together.txt")));

        assertThat(result.chunks()).isGreaterThan(1);
        assertThat(chunkRows()).isEqualTo(result.chunks());
        assertThat(vectorRows()).isEqualTo(result.chunks());
    }

    @Test
    void aFailureAfterTheWritesRollsBackChunksAndVectors() throws SQLException {
        assertThatThrownBy(() -> store.inTransaction(owner, h -> {
            IngestResult result = rag.forUser(owner).documents().ingest(knowledgeBase.id(), source("aborted.txt"));
            assertThat(result.chunks()).isGreaterThan(1);
            throw new IllegalStateException("the host gives up after the ingestion");
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("gives up");

        assertThat(chunkRows()).isZero();
        assertThat(vectorRows()).isZero();
    }

    @Test
    void aConnectionKilledBeforeTheCommitLeavesNeitherChunksNorVectors() throws SQLException {
        assertThatThrownBy(() -> store.inTransaction(owner, h -> {
            rag.forUser(owner).documents().ingest(knowledgeBase.id(), source("killed.txt"));
            int pid = h.createQuery("SELECT pg_backend_pid()").mapTo(Integer.class).one();
            try (Connection killer = PG.connection();
                 PreparedStatement terminate = killer.prepareStatement("SELECT pg_terminate_backend(?)")) {
                terminate.setInt(1, pid);
                terminate.execute();
            } catch (SQLException e) {
                throw new AssertionError("could not terminate backend " + pid, e);
            }
            return null;
        })).isInstanceOf(StoreUnavailableException.class);

        assertThat(chunkRows()).isZero();
        assertThat(vectorRows()).isZero();
    }

    @Test
    void deletingADocumentInTheStoreDeletesItsVectorsInTheSameTransaction() throws SQLException {
        IngestResult result = rag.forUser(owner).documents().ingest(knowledgeBase.id(), source("deleted.txt"));
        assertThat(vectorRows()).isEqualTo(result.chunks());

        store.documents().delete(owner, result.document().id());

        assertThat(chunkRows()).isZero();
        assertThat(vectorRows()).isZero();
    }

    @Test
    void replacingChunksInTheStoreDeletesTheVectorsOfChunksThatAreGone() throws SQLException {
        IngestResult result = rag.forUser(owner).documents().ingest(knowledgeBase.id(), source("replaced.txt"));
        DocumentId document = result.document().id();
        List<Chunk> chunks = store.chunks().listByDocument(owner, document);

        store.chunks().replace(owner, document, chunks.subList(0, 1));

        assertThat(vectorRows()).isEqualTo(1);
    }

    @Test
    void deletingAUserDeletesTheirVectors() throws SQLException {
        rag.forUser(owner).documents().ingest(knowledgeBase.id(), source("user.txt"));

        store.users().delete(owner);

        assertThat(vectorRows()).isZero();
    }

    private static DocumentSource source(String name) {
        return DocumentSource.builder(name, "text/plain", (name + " " + TEXT).getBytes(StandardCharsets.UTF_8)).build();
    }

    private long chunkRows() throws SQLException {
        return count("SELECT count(*) FROM " + PG.schema() + ".chunks WHERE owner_id = ?");
    }

    private long vectorRows() throws SQLException {
        return count("SELECT count(*) FROM " + PG.schema() + ".vectors_" + rag.space().name() + " WHERE owner_id = ?");
    }

    private long count(String sql) throws SQLException {
        try (Connection connection = PG.connection(); PreparedStatement count = connection.prepareStatement(sql)) {
            count.setObject(1, owner.value());
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
