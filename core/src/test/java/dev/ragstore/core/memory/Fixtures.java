package dev.ragstore.core.memory;

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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** Builds valid records with increasing, time-ordered ids for the memory tests. */
final class Fixtures {

    static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");
    static final LocalDate DAY = LocalDate.parse("2025-01-01");

    private final AtomicLong sequence = new AtomicLong();

    /** A UUIDv7-shaped id; each call is greater (unsigned) than the last. */
    UUID nextUuid() {
        long n = sequence.incrementAndGet();
        return new UUID(0x0190_0000_0000_7000L + (n << 16), 0x8000_0000_0000_0000L | n);
    }

    User user(String username) {
        return user(username, null);
    }

    User user(String username, PlanId plan) {
        return new User(new UserId(nextUuid()), username, username + "@example.com", "hash", username, Role.USER, true,
                false, plan, 0, Map.of(), null, T0, T0);
    }

    Plan plan(String name, long dailyTokens) {
        return new Plan(new PlanId(nextUuid()), name, dailyTokens, 10, 10, new BigDecimal("9.99"), true, T0);
    }

    KnowledgeBase knowledgeBase(UserId owner, String name) {
        return new KnowledgeBase(new KnowledgeBaseId(nextUuid()), owner, name, "", "space", Map.of("team", "a"), null, T0, T0);
    }

    Document document(UserId owner, KnowledgeBaseId knowledgeBase, String hash) {
        return document(owner, knowledgeBase, hash, null);
    }

    Document document(UserId owner, KnowledgeBaseId knowledgeBase, String hash, ChatSessionId session) {
        return new Document(new DocumentId(nextUuid()), owner, knowledgeBase, session, hash + ".txt", "text/plain", 100, 2,
                hash, "", null, DocumentStatus.PENDING, null, null, 0, Map.of(), T0, T0);
    }

    Chunk chunk(Document document, int index, String text) {
        return new Chunk(new ChunkId(nextUuid()), document.ownerId(), document.knowledgeBaseId(), document.id(), index,
                text, text.length() / 4, 0, text.length(), 1, Map.of("i", (long) index), T0);
    }

    ChatSession session(UserId owner, List<KnowledgeBaseId> knowledgeBases) {
        return new ChatSession(new ChatSessionId(nextUuid()), owner, "chat", "", Map.of(), knowledgeBases, 0, 0, T0, T0, T0);
    }

    Message message(ChatSessionId session, UserId author, MessageId parent, String content, int tokens) {
        return new Message(new MessageId(nextUuid()), session, author, parent, MessageRole.USER, content, tokens, null,
                List.of(), List.of(), 0, T0.plusSeconds(sequence.get()));
    }
}
