package dev.ragstore.postgres;

import dev.ragstore.core.chat.ChatSession;
import dev.ragstore.core.chunk.Chunk;
import dev.ragstore.core.document.Document;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.page.PageRequest;
import dev.ragstore.core.user.UserId;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.postgres.spi.PgExtension;
import dev.ragstore.postgres.spi.PgScope;
import dev.ragstore.postgres.spi.PgSession;
import dev.ragstore.postgres.spi.PgSql;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The transaction API for hosts ({@code inTransaction}) and the {@link ChunkWriteListener} hook:
 * host tables and RagStore's rows commit or roll back together.
 */
class PgTransactionIT {

    @RegisterExtension
    static final PgSchemaExtension PG = new PgSchemaExtension("tx");

    @BeforeAll
    static void createAHostTable() {
        try (PostgresStore store = PG.store()) {
            store.useAdminTransaction(h -> h.execute("CREATE TABLE " + PG.schema()
                    + ".tickets (id uuid PRIMARY KEY, owner_id uuid NOT NULL, title text NOT NULL)"));
        }
    }

    @Test
    void aHostRowAndAnAppendCommitTogether() {
        try (PostgresStore store = PG.store()) {
            PgFixtures fixtures = new PgFixtures(store);
            UserId user = fixtures.user();
            ChatSession session = fixtures.session(user);
            UUID ticket = UUID.randomUUID();

            store.useTransaction(user, h -> {
                h.createUpdate("INSERT INTO " + PG.schema() + ".tickets VALUES (:id, :owner, 'printer on fire')")
                        .bind("id", ticket).bind("owner", user.value()).execute();
                store.chats().append(user, fixtures.message(session.id(), user, null, 4), PgFixtures.DAY);
            });

            assertThat(tickets(store, user)).containsExactly(ticket);
            assertThat(store.chats().findSession(user, session.id()).orElseThrow().totalMessages()).isEqualTo(1);
        }
    }

    @Test
    void aHostFailureRollsBackTheHostRowAndRagStoresWritesAndReachesTheCallerUnchanged() {
        try (PostgresStore store = PG.store()) {
            PgFixtures fixtures = new PgFixtures(store);
            UserId user = fixtures.user();
            ChatSession session = fixtures.session(user);
            IllegalStateException failure = new IllegalStateException("host validation failed");

            assertThatThrownBy(() -> store.useTransaction(user, h -> {
                h.createUpdate("INSERT INTO " + PG.schema() + ".tickets VALUES (:id, :owner, 'x')")
                        .bind("id", UUID.randomUUID()).bind("owner", user.value()).execute();
                store.chats().append(user, fixtures.message(session.id(), user, null, 4), PgFixtures.DAY);
                throw failure;
            })).isSameAs(failure);

            assertThat(tickets(store, user)).isEmpty();
            assertThat(store.chats().findSession(user, session.id()).orElseThrow().totalMessages()).isZero();
            assertThat(store.usage().find(user, PgFixtures.DAY).messages()).isZero();
        }
    }

    @Test
    void aNestedCallForAnotherOwnerSwitchesTheScopeAndRestoresIt() {
        try (PostgresStore store = PG.store()) {
            PgFixtures fixtures = new PgFixtures(store);
            UserId alice = fixtures.user();
            UserId bob = fixtures.user();
            fixtures.knowledgeBase(alice);
            KnowledgeBase bobs = fixtures.knowledgeBase(bob);

            List<Object> seen = store.inTransaction(alice, h -> {
                List<Object> result = new ArrayList<>();
                result.add(store.knowledgeBases().findById(bob, bobs.id()).isPresent());
                result.add(h.createQuery("SELECT count(*) FROM " + PG.schema() + ".knowledge_bases").mapTo(Long.class).one());
                return result;
            });

            assertThat(seen).containsExactly(true, 1L);
        }
    }

    @Test
    void driverFailuresOfHostSqlAreTranslated() {
        try (PostgresStore store = PG.store()) {
            UserId user = new PgFixtures(store).user();

            assertThatThrownBy(() -> store.useTransaction(user, h -> h.createUpdate("INSERT INTO " + PG.schema()
                    + ".tickets VALUES (:id, :owner, :title)").bind("id", UUID.randomUUID()).bind("owner", user.value())
                    .bind("title", "nul \u0000 inside").execute()))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("without NUL");
        }
    }

    @Test
    void listenersJoinChunkWritesAndEveryDeletion() {
        List<String> calls = new CopyOnWriteArrayList<>();
        PgExtension recorder = new PgExtension() {
            @Override
            public String name() {
                return "recorder";
            }

            @Override
            public void chunksReplaced(PgSession session, DocumentId documentId, List<Chunk> chunks) {
                // the new chunks are visible to the extension, in the same transaction and scope
                long stored = session.handle().createQuery("SELECT count(*) FROM " + session.table("chunks")
                                + " WHERE document_id = :d")
                        .bind("d", documentId.value()).mapTo(Long.class).one();
                calls.add("replaced " + documentId + " " + chunks.size() + "/" + stored + " " + session.scope());
            }

            @Override
            public void documentsDeleted(PgSession session, List<DocumentId> documentIds) {
                calls.add("deleted " + documentIds);
            }

            @Override
            public void knowledgeBaseDeleted(PgSession session, KnowledgeBaseId knowledgeBaseId, List<DocumentId> documentIds) {
                calls.add("knowledge base " + knowledgeBaseId + " " + documentIds);
            }

            @Override
            public void ownerDeleted(PgSession session, UserId owner) {
                calls.add("owner " + owner + " " + session.scope());
            }
        };
        try (PostgresStore store = PG.store(b -> b.install(recorder))) {
            PgFixtures fixtures = new PgFixtures(store);
            UserId user = fixtures.user();
            KnowledgeBase base = fixtures.knowledgeBase(user);
            Document single = fixtures.document(user, base.id(), "text/plain");
            fixtures.chunks(single, 3);
            store.documents().delete(user, single.id());
            Document first = fixtures.document(user, base.id(), "text/plain");
            Document second = fixtures.document(user, base.id(), "text/plain");
            store.knowledgeBases().delete(user, base.id());
            ChatSession session = fixtures.session(user);
            Document attached = fixtures.document(user, fixtures.knowledgeBase(user).id(), session.id(), "text/plain");
            store.chats().deleteSession(user, session.id());
            store.users().delete(user);

            assertThat(calls).containsExactly(
                    "replaced " + single.id() + " 3/3 " + PgScope.owner(user),
                    "deleted " + List.of(single.id()),
                    "knowledge base " + base.id() + " " + List.of(first.id(), second.id()),
                    "deleted " + List.of(attached.id()),
                    "owner " + user + " " + PgScope.admin());
        }
    }

    @Test
    void aFailingListenerRollsTheChunkReplaceBack() {
        PgExtension failing = new PgExtension() {
            @Override
            public String name() {
                return "failing";
            }

            @Override
            public void chunksReplaced(PgSession session, DocumentId documentId, List<Chunk> chunks) {
                throw new NotFoundException("vector space", "missing");
            }
        };
        try (PostgresStore plain = PG.store(); PostgresStore store = PG.store(b -> b.install(failing))) {
            PgFixtures fixtures = new PgFixtures(plain);
            UserId user = fixtures.user();
            Document document = fixtures.document(user, fixtures.knowledgeBase(user).id(), "text/plain");
            List<Chunk> old = fixtures.chunks(document, 2);

            assertThatThrownBy(() -> store.chunks().replace(user, document.id(),
                    List.of(fixtures.chunk(document, 0, null, Map.of(), PgFixtures.now()))))
                    .isInstanceOf(NotFoundException.class).hasMessageContaining("vector space");
            assertThat(plain.chunks().listByDocument(user, document.id())).isEqualTo(old);
        }
    }

    @Test
    void anExtensionIsInstalledOncePerStore() {
        PgExtension one = () -> "same";
        PgExtension two = () -> "same";

        assertThatThrownBy(() -> PostgresStore.builder().install(one).install(two))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("extension must be installed once per store")
                .hasMessageContaining("same");
    }

    @Test
    void aSqlFailureOfAnExtensionIsTranslatedAndRollsBack() {
        PgExtension broken = new PgExtension() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public void documentsDeleted(PgSession session, List<DocumentId> documentIds) throws java.sql.SQLException {
                session.update(new PgSql().sql("INSERT INTO " + session.table("no_such_table") + " VALUES (1)"));
            }
        };
        try (PostgresStore store = PG.store(b -> b.install(broken))) {
            PgFixtures fixtures = new PgFixtures(store);
            UserId user = fixtures.user();
            Document document = fixtures.document(user, fixtures.knowledgeBase(user).id(), "text/plain");

            assertThatThrownBy(() -> store.documents().delete(user, document.id()))
                    .isInstanceOf(dev.ragstore.core.error.StoreUnavailableException.class)
                    .hasMessageContaining("no_such_table");
            assertThat(store.documents().findById(user, document.id())).isPresent();
        }
    }

    @Test
    void aFailedNestedCallForAnotherOwnerLeavesTheHostTransactionInItsOwnScope() {
        // issue 18, finding 5: the scope was restored only when the nested work succeeded
        try (PostgresStore store = PG.store()) {
            PgFixtures fixtures = new PgFixtures(store);
            UserId alice = fixtures.user();
            UserId bob = fixtures.user();
            KnowledgeBase bobs = fixtures.knowledgeBase(bob);

            List<Object> seen = store.inTransaction(alice, h -> {
                try {
                    store.host().transaction(PgScope.owner(bob), session -> {
                        throw new NotFoundException("thing", "of bob");
                    });
                } catch (NotFoundException expected) {
                    // the host goes on in alice's transaction
                }
                String owner = h.createQuery("SELECT current_setting('ragstore.owner', true)").mapTo(String.class).one();
                long visible = h.createQuery("SELECT count(*) FROM " + PG.schema() + ".knowledge_bases WHERE id = :id")
                        .bind("id", bobs.id().value()).mapTo(Long.class).one();
                return List.of(owner, visible);
            });

            assertThat(seen).containsExactly(alice.value().toString(), 0L);
        }
    }

    @Test
    void rowLevelSecurityOffRunsEveryTransactionInTheAdminScope() {
        try (PostgresStore store = PG.store(b -> b.rowLevelSecurity(false))) {
            PgFixtures fixtures = new PgFixtures(store);
            UserId alice = fixtures.user();
            UserId bob = fixtures.user();
            fixtures.knowledgeBase(bob);

            // the repositories still filter by owner ...
            assertThat(store.knowledgeBases().list(alice, PageRequest.first(10), true).items()).isEmpty();
            // ... but raw host SQL is no longer held to one owner
            long visible = store.inTransaction(alice, h -> h.createQuery("SELECT count(*) FROM " + PG.schema()
                    + ".knowledge_bases WHERE owner_id = :bob").bind("bob", bob.value()).mapTo(Long.class).one());
            assertThat(visible).isEqualTo(1);
            assertThat(store.rowLevelSecurity()).isFalse();
        }
    }

    private static List<UUID> tickets(PostgresStore store, UserId owner) {
        return store.inTransaction(owner, h -> h.createQuery("SELECT id FROM " + PG.schema() + ".tickets WHERE owner_id = :o")
                .bind("o", owner.value()).mapTo(UUID.class).list());
    }
}
