package dev.ragstore.postgres;

import dev.ragstore.core.audit.AuditEvent;
import dev.ragstore.core.audit.AuditEventId;
import dev.ragstore.core.chat.ChatSession;
import dev.ragstore.core.chat.Citation;
import dev.ragstore.core.chat.Message;
import dev.ragstore.core.chat.MessageId;
import dev.ragstore.core.chat.MessageRole;
import dev.ragstore.core.chunk.Chunk;
import dev.ragstore.core.chunk.ChunkId;
import dev.ragstore.core.document.Document;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.error.ConflictException;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.page.Page;
import dev.ragstore.core.page.PageRequest;
import dev.ragstore.core.plan.PlanId;
import dev.ragstore.core.user.UserId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Adapter-specific behaviour of the repositories: exact round trips, deletion rules, keyset pages, error mapping. */
class PgRepositoryIT {

    @RegisterExtension
    static final PgSchemaExtension PG = new PgSchemaExtension("repositories");

    private PostgresStore store;
    private PgFixtures fixtures;

    @BeforeEach
    void openStore() {
        store = PG.store();
        fixtures = new PgFixtures(store);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void metadataAndTimestampsRoundTripExactly() {
        UserId user = fixtures.user();
        Document document = fixtures.document(user, fixtures.knowledgeBase(user).id(), "text/plain");
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("big", 9_007_199_254_740_993L);
        metadata.put("max", Long.MAX_VALUE);
        metadata.put("one", 1.0);
        metadata.put("huge", 1.0e300);
        metadata.put("tiny", 1.0e-7);
        metadata.put("ref", UUID.fromString("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"));
        metadata.put("tags", List.of("a", "é", "😀"));
        metadata.put("flag", false);
        Instant created = Instant.parse("2026-03-04T05:06:07.123456Z");
        Chunk chunk = fixtures.chunk(document, 0, 3, metadata, created);

        store.chunks().replace(user, document.id(), List.of(chunk));

        Chunk stored = store.chunks().listByDocument(user, document.id()).get(0);
        assertThat(stored).isEqualTo(chunk);
        assertThat(stored.metadata().get("big")).isInstanceOf(Long.class);
        assertThat(stored.metadata().get("one")).isInstanceOf(Double.class);
        assertThat(stored.metadata().get("ref")).isInstanceOf(UUID.class);
        assertThat(stored.createdAt()).isEqualTo(created);
    }

    @Test
    void messagesKeepCitationsAttachmentsAndTheirOrder() {
        UserId user = fixtures.user();
        ChatSession session = fixtures.session(user);
        DocumentId cited = new DocumentId(UUID.randomUUID());
        Message message = new Message(new MessageId(UUID.randomUUID()), session.id(), null, null, MessageRole.ASSISTANT,
                "answer", 9, "gpt-x", List.of(new Citation(cited, new ChunkId(UUID.randomUUID()), 2, "quote", 0.8125),
                new Citation(cited, null, null, "whole", 1.0e-9)), List.of(cited), 1234, PgFixtures.now());

        Message stored = store.chats().append(user, message, PgFixtures.DAY);

        assertThat(stored).isEqualTo(message);
        assertThat(store.chats().findMessage(user, message.id())).contains(message);
    }

    @Test
    void deletingAUserKeepsTheirMessagesInOtherSessionsAndTheirAuditWithoutAuthor() {
        UserId guest = fixtures.user();
        UserId host = fixtures.user();
        ChatSession hosts = fixtures.session(host);
        Message written = store.chats().append(host, fixtures.message(hosts.id(), guest, null, 1), PgFixtures.DAY);
        AuditEvent event = store.audit().append(new AuditEvent(new AuditEventId(UUID.randomUUID()), guest, "user.left",
                Map.of(), PgFixtures.now()));
        ChatSession guests = fixtures.session(guest);
        store.chats().append(guest, fixtures.message(guests.id(), guest, null, 1), PgFixtures.DAY);

        assertThat(store.users().delete(guest)).isTrue();

        Message kept = store.chats().findMessage(host, written.id()).orElseThrow();
        assertThat(kept.authorId()).isNull();
        assertThat(kept.content()).isEqualTo(written.content());
        assertThat(store.chats().findSession(guest, guests.id())).isEmpty();
        long orphanedEvents = store.inAdminTransaction(h -> h.createQuery("SELECT count(*) FROM " + PG.schema()
                + ".audit_events WHERE id = :id AND owner_id IS NULL").bind("id", event.id().value()).mapTo(Long.class).one());
        assertThat(orphanedEvents).isEqualTo(1);
        assertThat(store.users().delete(guest)).isFalse();
    }

    @Test
    void purgingAKnowledgeBaseDeletesItsDocumentsAndChunksAndDetachesIt() {
        UserId user = fixtures.user();
        KnowledgeBase base = fixtures.knowledgeBase(user);
        KnowledgeBase kept = fixtures.knowledgeBase(user);
        Document document = fixtures.document(user, base.id(), "text/plain");
        List<Chunk> chunks = fixtures.chunks(document, 2);
        Instant now = PgFixtures.now();
        ChatSession session = store.chats().insertSession(new ChatSession(new dev.ragstore.core.chat.ChatSessionId(
                UUID.randomUUID()), user, "s", "", Map.of(), List.of(base.id(), kept.id()), 0, 0, now, now, now), PgFixtures.DAY);

        assertThat(store.knowledgeBases().delete(user, base.id())).isTrue();

        assertThat(store.documents().findById(user, document.id())).isEmpty();
        assertThat(store.chunks().findLive(user, chunks.stream().map(Chunk::id).toList())).isEmpty();
        assertThat(store.chats().findSession(user, session.id()).orElseThrow().knowledgeBaseIds()).containsExactly(kept.id());
    }

    @Test
    void softDeletedKnowledgeBasesHideTheirChunksFromFindLive() {
        UserId user = fixtures.user();
        KnowledgeBase base = fixtures.knowledgeBase(user);
        Document document = fixtures.document(user, base.id(), "text/markdown");
        List<Chunk> chunks = fixtures.chunks(document, 2);
        List<ChunkId> ids = chunks.stream().map(Chunk::id).toList();

        assertThat(store.chunks().findLive(user, ids)).hasSize(2)
                .allSatisfy(live -> assertThat(live.mimeType()).isEqualTo("text/markdown"));
        store.knowledgeBases().softDelete(user, base.id(), PgFixtures.now());

        assertThat(store.chunks().findLive(user, ids)).isEmpty();
        assertThat(store.chunks().findLive(fixtures.user(), ids)).isEmpty();
    }

    @Test
    void keysetPagesNeitherSkipNorRepeatWhileRowsAreAdded() {
        UserId user = fixtures.user();
        List<UUID> created = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            created.add(fixtures.knowledgeBase(user).id().value());
        }
        List<UUID> seen = new ArrayList<>();
        Page<KnowledgeBase> page = store.knowledgeBases().list(user, PageRequest.first(10), false);
        seen.addAll(page.items().stream().map(kb -> kb.id().value()).toList());
        created.add(fixtures.knowledgeBase(user).id().value());
        while (page.hasNext()) {
            page = store.knowledgeBases().list(user, PageRequest.first(10).next(page.nextCursor()), false);
            seen.addAll(page.items().stream().map(kb -> kb.id().value()).toList());
        }

        assertThat(seen).containsExactlyElementsOf(created);
    }

    @Test
    void aPlanUsersAreOnCannotBeDeleted() {
        PlanId plan = fixtures.plan(100);
        UserId user = fixtures.user(plan);

        assertThatThrownBy(() -> store.plans().delete(plan))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.rule()).isEqualTo("plan.in_use"))
                .hasMessageContaining("in use by 1 user");
        store.users().delete(user);
        assertThat(store.plans().delete(plan)).isTrue();
    }

    @Test
    void anUnknownPlanIsNotFoundNamingIt() {
        PlanId unknown = new PlanId(UUID.randomUUID());

        assertThatThrownBy(() -> fixtures.user(unknown))
                .isInstanceOfSatisfying(NotFoundException.class, e -> {
                    assertThat(e.entity()).isEqualTo("plan");
                    assertThat(e.id()).isEqualTo(unknown.toString());
                });
    }

    @Test
    void aDocumentCannotBeFiledInAnotherOwnersKnowledgeBase() {
        UserId alice = fixtures.user();
        UserId bob = fixtures.user();
        KnowledgeBase bobs = fixtures.knowledgeBase(bob);
        Document existing = fixtures.document(bob, bobs.id(), "text/plain");

        assertThatThrownBy(() -> fixtures.document(alice, bobs.id(), "text/plain"))
                .isInstanceOfSatisfying(NotFoundException.class, e -> {
                    assertThat(e.entity()).isEqualTo("knowledge base");
                    assertThat(e.id()).isEqualTo(bobs.id().toString());
                });
        Document sameHash = new Document(new DocumentId(UUID.randomUUID()), alice, bobs.id(), null, "f", "text/plain", 1, 0,
                existing.contentHash(), "", null, existing.status(), null, null, 0, Map.of(), PgFixtures.now(), PgFixtures.now());
        assertThatThrownBy(() -> store.documents().insertIfAbsent(sameHash, PgFixtures.DAY))
                .isInstanceOf(NotFoundException.class).hasMessageContaining(bobs.id().toString());
    }

    @Test
    void chunksOfAnotherDocumentAreRejectedBeforeAnythingIsWritten() {
        UserId user = fixtures.user();
        KnowledgeBase base = fixtures.knowledgeBase(user);
        Document document = fixtures.document(user, base.id(), "text/plain");
        Document other = fixtures.document(user, base.id(), "text/plain");
        List<Chunk> old = fixtures.chunks(document, 2);

        assertThatThrownBy(() -> store.chunks().replace(user, document.id(),
                List.of(fixtures.chunk(other, 0, null, Map.of(), PgFixtures.now()))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("chunk document must be document " + document.id());
        assertThatThrownBy(() -> store.chunks().replace(user, document.id(), List.of(
                fixtures.chunk(document, 1, null, Map.of(), PgFixtures.now()),
                fixtures.chunk(document, 1, null, Map.of(), PgFixtures.now()))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("chunk index must be unique within the document");
        assertThat(store.chunks().listByDocument(user, document.id())).isEqualTo(old);
    }

    @Test
    void historyIsThePathFromTheRootCutToTheWindow() {
        UserId user = fixtures.user();
        ChatSession session = fixtures.session(user);
        List<Message> chain = new ArrayList<>();
        MessageId parent = null;
        for (int i = 0; i < 6; i++) {
            Message appended = store.chats().append(user, fixtures.message(session.id(), user, parent, 1), PgFixtures.DAY);
            chain.add(appended);
            parent = appended.id();
        }
        Message branch = store.chats().append(user, fixtures.message(session.id(), user, chain.get(2).id(), 1), PgFixtures.DAY);

        assertThat(store.chats().path(user, chain.get(5).id(), 4)).containsExactlyElementsOf(chain.subList(2, 6));
        assertThat(store.chats().path(user, branch.id(), 100)).containsExactly(chain.get(0), chain.get(1), chain.get(2), branch);
        assertThat(store.chats().children(user, chain.get(2).id())).containsExactly(chain.get(3), branch);
        assertThat(store.chats().latestMessage(user, session.id())).contains(branch);
        assertThat(store.chats().path(fixtures.user(), branch.id(), 10)).isEmpty();
        assertThatThrownBy(() -> store.chats().path(user, branch.id(), 0))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("history window must be >= 1");
    }

    @Test
    void aParentFromAnotherSessionIsNotFound() {
        UserId user = fixtures.user();
        ChatSession first = fixtures.session(user);
        ChatSession second = fixtures.session(user);
        Message elsewhere = store.chats().append(user, fixtures.message(first.id(), user, null, 1), PgFixtures.DAY);

        assertThatThrownBy(() -> store.chats().append(user, fixtures.message(second.id(), user, elsewhere.id(), 1),
                PgFixtures.DAY))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.entity()).isEqualTo("message"));
        assertThat(store.chats().findSession(user, second.id()).orElseThrow().totalMessages()).isZero();
    }
}
