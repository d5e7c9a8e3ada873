package dev.ragstore.postgres;

import dev.ragstore.core.chat.ChatSession;
import dev.ragstore.core.chunk.Chunk;
import dev.ragstore.core.document.Document;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.error.StoreUnavailableException;
import dev.ragstore.core.user.UserId;
import dev.ragstore.postgres.internal.PgPool;
import dev.ragstore.postgres.spi.PgExtension;
import dev.ragstore.postgres.spi.PgSession;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The backend of an open transaction is killed with {@code pg_terminate_backend} from a second
 * connection (the application role may signal its own backends): the call fails with a retryable
 * {@link StoreUnavailableException}, nothing of it is written, and the next call succeeds on a
 * fresh connection.
 */
class PgFaultIT {

    @RegisterExtension
    static final PgSchemaExtension PG = new PgSchemaExtension("fault");

    @Test
    void killedBackendDuringAHostTransactionFailsRetryablyAndWritesNothing() {
        try (PostgresStore store = PG.store()) {
            PgFixtures fixtures = new PgFixtures(store);
            UserId user = fixtures.user();
            ChatSession session = fixtures.session(user);

            assertThatThrownBy(() -> store.useTransaction(user, h -> {
                // a RagStore write joins the host's transaction, then its backend dies
                store.chats().append(user, fixtures.message(session.id(), user, null, 11), PgFixtures.DAY);
                terminate(h);
                h.createQuery("SELECT 1").mapTo(Integer.class).one();
            }))
                    .isInstanceOfSatisfying(StoreUnavailableException.class, e -> {
                        assertThat(e.retryable()).isTrue();
                        assertThat(e.store()).isEqualTo("postgresql");
                    })
                    .hasMessageContaining("PostgreSQL unavailable at " + PgPool.address(PG.fixture().jdbcUrl()))
                    .hasMessageContaining("pool '" + PG.leaks().applicationName() + "'")
                    .hasMessageContaining("total=");

            ChatSession after = store.chats().findSession(user, session.id()).orElseThrow();
            assertThat(after.totalMessages()).isZero();
            assertThat(after.totalTokens()).isZero();
            assertThat(store.chats().latestMessage(user, session.id())).isEmpty();
            assertThat(store.usage().find(user, PgFixtures.DAY).messages()).isZero();
            assertThat(store.users().findById(user).orElseThrow().lifetimeTokens()).isZero();

            store.chats().append(user, fixtures.message(session.id(), user, null, 11), PgFixtures.DAY);
            assertThat(store.chats().findSession(user, session.id()).orElseThrow().totalMessages()).isEqualTo(1);
        }
    }

    @Test
    void killedBackendBeforeTheCommitOfAChunkReplaceKeepsTheOldChunks() {
        AtomicBoolean kill = new AtomicBoolean();
        PgExtension killer = new PgExtension() {
            @Override
            public String name() {
                return "killer";
            }

            @Override
            public void chunksReplaced(PgSession session, DocumentId documentId, List<Chunk> chunks) {
                if (kill.getAndSet(false)) {
                    terminate(session.handle());
                }
            }
        };
        try (PostgresStore store = PG.store(b -> b.install(killer))) {
            PgFixtures fixtures = new PgFixtures(store);
            UserId user = fixtures.user();
            Document document = fixtures.document(user, fixtures.knowledgeBase(user).id(), "text/plain");
            List<Chunk> old = fixtures.chunks(document, 3);
            List<Chunk> replacement = List.of(fixtures.chunk(document, 0, null, java.util.Map.of(), PgFixtures.now()));

            kill.set(true);
            assertThatThrownBy(() -> store.chunks().replace(user, document.id(), replacement))
                    .isInstanceOfSatisfying(StoreUnavailableException.class, e -> assertThat(e.retryable()).isTrue());

            assertThat(store.chunks().listByDocument(user, document.id())).isEqualTo(old);
            store.chunks().replace(user, document.id(), replacement);
            assertThat(store.chunks().listByDocument(user, document.id())).isEqualTo(replacement);
        }
    }

    /** Terminates the backend behind {@code handle} from a second connection and waits until it is gone. */
    private static void terminate(Handle handle) {
        int pid = handle.createQuery("SELECT pg_backend_pid()").mapTo(Integer.class).one();
        try (Connection other = PG.fixture().openConnection();
             PreparedStatement kill = other.prepareStatement("SELECT pg_terminate_backend(?)");
             PreparedStatement alive = other.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE pid = ?")) {
            kill.setInt(1, pid);
            try (ResultSet rs = kill.executeQuery()) {
                rs.next();
                assertThat(rs.getBoolean(1)).as("the role may terminate its own backend").isTrue();
            }
            alive.setInt(1, pid);
            for (int i = 0; i < 100; i++) {
                try (ResultSet rs = alive.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) == 0) {
                        return;
                    }
                }
                Thread.sleep(50);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not terminate backend " + pid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
