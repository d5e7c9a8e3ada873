package dev.ragstore.core.memory;

import dev.ragstore.core.audit.AuditEvent;
import dev.ragstore.core.audit.AuditEventId;
import dev.ragstore.core.audit.AuditQuery;
import dev.ragstore.core.chat.ChatSession;
import dev.ragstore.core.chat.Message;
import dev.ragstore.core.chat.MessageId;
import dev.ragstore.core.document.Document;
import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.page.PageRequest;
import dev.ragstore.core.usage.UsageDay;
import dev.ragstore.core.user.UserId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MemoryChatTest {

    private final Fixtures fixtures = new Fixtures();
    private final InMemoryRelationalStore store = InMemoryRelationalStore.create();
    private UserId alice;
    private UserId bob;
    private ChatSession chat;

    @BeforeEach
    void setUp() {
        alice = store.users().insert(fixtures.user("alice")).id();
        bob = store.users().insert(fixtures.user("bob")).id();
        chat = store.chats().insertSession(fixtures.session(alice, List.of()), Fixtures.DAY);
    }

    @Test
    void appendUpdatesSessionCountersUsageAndLifetimeTokensTogether() {
        Message first = store.chats().append(alice, fixtures.message(chat.id(), alice, null, "hi", 3), Fixtures.DAY);
        Message second = store.chats().append(alice, fixtures.message(chat.id(), null, first.id(), "hello", 7), Fixtures.DAY);

        ChatSession session = store.chats().findSession(alice, chat.id()).orElseThrow();
        assertThat(session.totalMessages()).isEqualTo(2);
        assertThat(session.totalTokens()).isEqualTo(10);
        assertThat(session.lastActivityAt()).isEqualTo(second.createdAt());
        assertThat(store.usage().find(alice, Fixtures.DAY)).isEqualTo(new UsageDay(alice, Fixtures.DAY, 10, 2, 0, 1));
        assertThat(store.users().findById(alice).orElseThrow().lifetimeTokens()).isEqualTo(10);
    }

    @Test
    void rejectsAParentOutsideTheSessionAnotherOwnersSessionAndAnUnknownAuthor() {
        ChatSession other = store.chats().insertSession(fixtures.session(alice, List.of()), Fixtures.DAY);
        Message elsewhere = store.chats().append(alice, fixtures.message(other.id(), alice, null, "x", 1), Fixtures.DAY);

        assertThatThrownBy(() -> store.chats().append(alice, fixtures.message(chat.id(), alice, elsewhere.id(), "y", 1), Fixtures.DAY))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("message '" + elsewhere.id() + "'");
        assertThatThrownBy(() -> store.chats().append(bob, fixtures.message(chat.id(), bob, null, "z", 1), Fixtures.DAY))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("chat session '" + chat.id() + "'");
        UserId ghost = new UserId(UUID.randomUUID());
        assertThatThrownBy(() -> store.chats().append(alice, fixtures.message(chat.id(), ghost, null, "w", 1), Fixtures.DAY))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("user '" + ghost + "'");
        assertThat(store.chats().findSession(alice, chat.id()).orElseThrow().totalMessages()).isZero();
        assertThat(store.usage().find(alice, Fixtures.DAY).messages()).isEqualTo(1);
    }

    @Test
    void returnsThePathFromTheRootCutToTheWindow() {
        Message root = append(null, "1");
        Message a = append(root.id(), "2");
        Message b = append(a.id(), "3");
        Message branch = append(a.id(), "3'");

        assertThat(store.chats().path(alice, b.id(), 10)).containsExactly(root, a, b);
        assertThat(store.chats().path(alice, branch.id(), 2)).containsExactly(a, branch);
        assertThat(store.chats().path(bob, b.id(), 10)).isEmpty();
        assertThat(store.chats().latestMessage(alice, chat.id())).contains(branch);
        assertThat(store.chats().children(alice, a.id())).containsExactly(b, branch);
        assertThat(store.chats().children(bob, a.id())).isEmpty();
        assertThat(store.chats().findMessage(bob, a.id())).isEmpty();
    }

    @Test
    void ordersMessagesByUnsignedIdEvenAcrossTheSignBit() {
        Message low = append(new MessageId(UUID.fromString("7fffffff-ffff-7fff-bfff-ffffffffffff")), null, "low");
        Message high = append(new MessageId(UUID.fromString("80000000-0000-7000-8000-000000000000")), low.id(), "high");
        Message other = append(new MessageId(UUID.fromString("7fffffff-ffff-7fff-bfff-fffffffffffe")), low.id(), "other");

        assertThat(store.chats().latestMessage(alice, chat.id())).contains(high);
        assertThat(store.chats().children(alice, low.id())).containsExactly(other, high);
    }

    @Test
    void deletingASessionTakesItsMessagesAndAttachedDocuments() {
        KnowledgeBase docs = store.knowledgeBases().insert(fixtures.knowledgeBase(alice, "docs"));
        Document attached = store.documents().insertIfAbsent(fixtures.document(alice, docs.id(), "a", chat.id()), Fixtures.DAY).document();
        Document free = store.documents().insertIfAbsent(fixtures.document(alice, docs.id(), "f"), Fixtures.DAY).document();
        store.chunks().replace(alice, attached.id(), List.of(fixtures.chunk(attached, 0, "t")));
        Message message = append(null, "hi");

        assertThat(store.documents().listBySession(alice, chat.id())).containsExactly(attached);
        assertThat(store.chats().deleteSession(bob, chat.id())).isFalse();
        assertThat(store.chats().deleteSession(alice, chat.id())).isTrue();

        assertThat(store.chats().findMessage(alice, message.id())).isEmpty();
        assertThat(store.documents().findById(alice, attached.id())).isEmpty();
        assertThat(store.chunks().listByDocument(alice, attached.id())).isEmpty();
        assertThat(store.documents().findById(alice, free.id())).isPresent();
    }

    @Test
    void deletingAUserKeepsTheirMessagesElsewhereAndTheirAuditEventsWithoutAuthor() {
        Message byBob = store.chats().append(alice, fixtures.message(chat.id(), bob, null, "bob wrote this", 2), Fixtures.DAY);
        ChatSession bobsChat = store.chats().insertSession(fixtures.session(bob, List.of()), Fixtures.DAY);
        Message inBobsChat = store.chats().append(bob, fixtures.message(bobsChat.id(), bob, null, "own", 1), Fixtures.DAY);
        AuditEvent event = store.audit().append(new AuditEvent(new AuditEventId(fixtures.nextUuid()), bob, "login", Map.of(), Fixtures.T0));

        assertThat(store.users().delete(bob)).isTrue();

        Message kept = store.chats().findMessage(alice, byBob.id()).orElseThrow();
        assertThat(kept.authorId()).isNull();
        assertThat(kept.content()).isEqualTo("bob wrote this");
        assertThat(store.chats().findMessage(bob, inBobsChat.id())).isEmpty();
        assertThat(store.chats().findSession(bob, bobsChat.id())).isEmpty();
        assertThat(store.usage().find(bob, Fixtures.DAY).sessions()).isZero();
        assertThat(store.audit().query(bob, new AuditQuery(null, Instant.EPOCH, Fixtures.T0.plusSeconds(1), PageRequest.first(10))).items())
                .isEmpty();
        assertThat(store.users().delete(bob)).isFalse();
        assertThat(event.userId()).isEqualTo(bob);
    }

    @Test
    void keepsCountersExactUnderConcurrentAppends() throws Exception {
        int threads = 8;
        int perThread = 250;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> futures = new ArrayList<>();
        Fixtures shared = fixtures;
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                for (int i = 0; i < perThread; i++) {
                    store.chats().append(alice, shared.message(chat.id(), alice, null, "m", 2), Fixtures.DAY);
                }
            }));
        }
        for (Future<?> future : futures) {
            future.get();
        }
        pool.shutdown();

        ChatSession session = store.chats().findSession(alice, chat.id()).orElseThrow();
        assertThat(session.totalMessages()).isEqualTo(threads * perThread);
        assertThat(session.totalTokens()).isEqualTo(2L * threads * perThread);
        assertThat(store.usage().find(alice, Fixtures.DAY).messages()).isEqualTo(threads * perThread);
        assertThat(store.users().findById(alice).orElseThrow().lifetimeTokens()).isEqualTo(2L * threads * perThread);
    }

    @Test
    void queriesTheAuditLogByActionAndHalfOpenTimeRange() {
        AuditEvent early = audit("login", Fixtures.T0);
        AuditEvent late = audit("login", Fixtures.T0.plusSeconds(10));
        audit("logout", Fixtures.T0.plusSeconds(5));

        assertThat(store.audit().query(alice, new AuditQuery("login", Fixtures.T0, Fixtures.T0.plusSeconds(10),
                PageRequest.first(10))).items()).containsExactly(early);
        assertThat(store.audit().query(alice, new AuditQuery("login", Fixtures.T0, Fixtures.T0.plusSeconds(11),
                PageRequest.first(10))).items()).containsExactly(early, late);
        assertThat(store.audit().query(bob, new AuditQuery(null, Fixtures.T0, Fixtures.T0.plusSeconds(11),
                PageRequest.first(10))).items()).isEmpty();
    }

    private AuditEvent audit(String action, Instant at) {
        return store.audit().append(new AuditEvent(new AuditEventId(fixtures.nextUuid()), alice, action, Map.of(), at));
    }

    private Message append(MessageId parent, String content) {
        return store.chats().append(alice, fixtures.message(chat.id(), alice, parent, content, 1), Fixtures.DAY);
    }

    private Message append(MessageId id, MessageId parent, String content) {
        Message m = fixtures.message(chat.id(), alice, parent, content, 1);
        return store.chats().append(alice, new Message(id, m.sessionId(), m.authorId(), m.parentId(), m.role(), m.content(),
                m.tokenCount(), m.model(), m.citations(), m.attachedDocumentIds(), m.processingMillis(), m.createdAt()), Fixtures.DAY);
    }
}
