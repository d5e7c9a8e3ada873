package dev.ragstore.redis;

import dev.ragstore.core.chat.ChatSession;
import dev.ragstore.core.chat.ChatSessionId;
import dev.ragstore.core.chat.Citation;
import dev.ragstore.core.chat.Message;
import dev.ragstore.core.chat.MessageId;
import dev.ragstore.core.chat.MessageRole;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.internal.TimeOrderedIds;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.model.ModelProfile;
import dev.ragstore.core.model.ModelProfileId;
import dev.ragstore.core.model.ModelStatus;
import dev.ragstore.core.plan.Plan;
import dev.ragstore.core.plan.PlanId;
import dev.ragstore.core.user.Role;
import dev.ragstore.core.user.User;
import dev.ragstore.core.user.UserId;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Builders of domain records for tests, with time-ordered ids. */
final class Records {

    private static final TimeOrderedIds IDS = new TimeOrderedIds();

    private Records() {
    }

    static Instant now() {
        return Instant.now();
    }

    static User user(String username) {
        Instant now = now();
        return new User(new UserId(IDS.next()), username, null, "$argon2id$v=19$m=16,t=2,p=1$c2FsdA$aGFzaA", "Display " + username,
                Role.USER, true, false, null, 0, Map.of("theme", "dark", "n", 5L, "x", 1.5, "id", UUID.randomUUID()),
                null, now, now);
    }

    static User renamedDisplay(User user, String displayName) {
        return new User(user.id(), user.username(), user.email(), user.passwordHash(), displayName, user.role(), user.active(),
                user.emailVerified(), user.planId(), user.lifetimeTokens(), user.preferences(), user.lastLoginAt(),
                user.createdAt(), now());
    }

    static Plan plan(String name) {
        return new Plan(new PlanId(IDS.next()), name, 10_000, 10, 5, new BigDecimal("9.99"), true, now());
    }

    static Plan renamed(Plan plan, String name) {
        return new Plan(plan.id(), name, plan.dailyTokenLimit(), plan.documentLimit(), plan.sessionLimit(), plan.monthlyPrice(),
                plan.active(), plan.createdAt());
    }

    static KnowledgeBase knowledgeBase(UserId owner, String name) {
        Instant now = now();
        return new KnowledgeBase(new KnowledgeBaseId(IDS.next()), owner, name, "about " + name, "hashing-64",
                Map.of("team", "search", "since", 2024L), null, now, now);
    }

    static KnowledgeBase described(KnowledgeBase kb, String description) {
        return new KnowledgeBase(kb.id(), kb.ownerId(), kb.name(), description, kb.embeddingSpace(), kb.metadata(),
                kb.deletedAt(), kb.createdAt(), now());
    }

    static ModelProfile profile(UserId owner, String name, List<KnowledgeBaseId> knowledgeBases) {
        Instant now = now();
        return new ModelProfile(new ModelProfileId(IDS.next()), owner, name, "https://llm.example/v1", new byte[] {1, 2, 3},
                "a profile", ModelStatus.TRAINING, knowledgeBases, now, now);
    }

    static ModelProfile withStatus(ModelProfile p, ModelStatus status) {
        return new ModelProfile(p.id(), p.ownerId(), p.name(), p.endpoint(), p.sealedApiKey(), p.description(), status,
                p.knowledgeBaseIds(), p.createdAt(), now());
    }

    static ChatSession session(UserId owner) {
        Instant now = now();
        return new ChatSession(new ChatSessionId(IDS.next()), owner, "a chat", "", Map.of(), List.of(), 0, 0, now, now, now);
    }

    static Message message(ChatSessionId session, UserId author, MessageId parent, String content) {
        return new Message(new MessageId(IDS.next()), session, author, parent, MessageRole.USER, content, content.length(),
                null, List.of(), List.of(), 0, now());
    }

    static Message cited(ChatSessionId session, MessageId parent, String content) {
        return new Message(new MessageId(IDS.next()), session, null, parent, MessageRole.ASSISTANT, content, 7, "gpt-test",
                List.of(new Citation(new DocumentId(UUID.randomUUID()), null, 3, "a snippet\nwith a newline", 0.8123456789)),
                List.of(), 1234, now());
    }
}
