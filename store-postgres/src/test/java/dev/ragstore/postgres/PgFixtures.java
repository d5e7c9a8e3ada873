package dev.ragstore.postgres;

import dev.ragstore.core.chat.ChatSession;
import dev.ragstore.core.chat.ChatSessionId;
import dev.ragstore.core.chat.Message;
import dev.ragstore.core.chat.MessageId;
import dev.ragstore.core.chat.MessageRole;
import dev.ragstore.core.chunk.Chunk;
import dev.ragstore.core.chunk.ChunkId;
import dev.ragstore.core.document.Document;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.document.DocumentStatus;
import dev.ragstore.core.internal.TimeOrderedIds;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.plan.Plan;
import dev.ragstore.core.plan.PlanId;
import dev.ragstore.core.user.Role;
import dev.ragstore.core.user.User;
import dev.ragstore.core.user.UserId;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/** Builds and stores domain rows for the adapter's own tests, with time-ordered ids and microsecond timestamps. */
final class PgFixtures {

    static final LocalDate DAY = LocalDate.of(2026, 1, 15);

    private final PostgresStore store;
    private final TimeOrderedIds ids = new TimeOrderedIds();

    PgFixtures(PostgresStore store) {
        this.store = store;
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    UserId user() {
        return user(null);
    }

    UserId user(PlanId plan) {
        Instant now = now();
        UserId id = new UserId(ids.next());
        store.users().insert(new User(id, "user-" + id, null, "hash", "User", Role.USER, true, false, plan, 0,
                Map.of(), null, now, now));
        return id;
    }

    PlanId plan(long dailyTokenLimit) {
        PlanId id = new PlanId(ids.next());
        store.plans().insert(new Plan(id, "plan-" + id, dailyTokenLimit, 100, 100, BigDecimal.ZERO, true, now()));
        return id;
    }

    KnowledgeBase knowledgeBase(UserId owner) {
        Instant now = now();
        KnowledgeBaseId id = new KnowledgeBaseId(ids.next());
        return store.knowledgeBases().insert(new KnowledgeBase(id, owner, "kb-" + id, "", "space", Map.of(), null, now, now));
    }

    Document document(UserId owner, KnowledgeBaseId knowledgeBase, String mimeType) {
        return document(owner, knowledgeBase, null, mimeType);
    }

    Document document(UserId owner, KnowledgeBaseId knowledgeBase, ChatSessionId session, String mimeType) {
        Instant now = now();
        DocumentId id = new DocumentId(ids.next());
        Document document = new Document(id, owner, knowledgeBase, session, "file-" + id, mimeType, 10, 0,
                "hash-" + id, "text", null, DocumentStatus.PENDING, null, null, 0, Map.of(), now, now);
        return store.documents().insertIfAbsent(document, DAY).document();
    }

    Chunk chunk(Document document, int index, Integer page, Map<String, Object> metadata, Instant createdAt) {
        return new Chunk(new ChunkId(ids.next()), document.ownerId(), document.knowledgeBaseId(), document.id(), index,
                "chunk " + index, 2, 0, 7, page, metadata, createdAt);
    }

    List<Chunk> chunks(Document document, int count) {
        List<Chunk> chunks = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            chunks.add(chunk(document, i, null, Map.of("i", (long) i), now()));
        }
        store.chunks().replace(document.ownerId(), document.id(), chunks);
        return chunks;
    }

    ChatSession session(UserId owner) {
        Instant now = now();
        return store.chats().insertSession(new ChatSession(new ChatSessionId(ids.next()), owner, "session", "",
                Map.of(), List.of(), 0, 0, now, now, now), DAY);
    }

    Message message(ChatSessionId session, UserId author, MessageId parent, int tokens) {
        return new Message(new MessageId(ids.next()), session, author, parent, MessageRole.USER, "hello", tokens, null,
                List.of(), List.of(), 0, now());
    }
}
