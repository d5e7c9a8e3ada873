package dev.ragstore.redis.internal;

import dev.ragstore.core.chat.ChatSessionId;
import dev.ragstore.core.chat.Citation;
import dev.ragstore.core.chat.Message;
import dev.ragstore.core.chat.MessageId;
import dev.ragstore.core.chat.MessageRole;
import dev.ragstore.core.chunk.ChunkId;
import dev.ragstore.core.document.DocumentId;
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
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordJsonTest {

    private static final Instant NANOS = Instant.parse("2025-03-01T10:15:30.123456789Z");
    private final RecordJson json = new RecordJson();

    @Test
    void userRoundTripsWithOptionalFieldsAndTypedPreferences() {
        User full = new User(new UserId(UUID.randomUUID()), "ann", "ann@example.com", "$argon2id$hash", "Ann", Role.ADMIN,
                true, true, new PlanId(UUID.randomUUID()), 123_456_789_012L,
                Map.of("big", Long.MAX_VALUE, "ratio", 1.0, "id", UUID.randomUUID(), "tags", List.of("a", "b")), NANOS, NANOS, NANOS);
        User sparse = new User(new UserId(UUID.randomUUID()), "bob", null, "h", "Bob", Role.USER, false, false, null, 0,
                Map.of(), null, NANOS, NANOS);

        assertThat(json.user(json.user(full))).isEqualTo(full);
        assertThat(json.user(json.user(sparse))).isEqualTo(sparse);
        assertThat(json.user(json.user(full)).preferences().get("ratio")).isInstanceOf(Double.class);
    }

    @Test
    void secretsAreWrittenAsFingerprintsAndOnlyTheProcessThatHoldsThemCanDecode() {
        User user = new User(new UserId(UUID.randomUUID()), "ann", null, "$argon2id$v=19$m=19456,t=2,p=1$salt$hash", "Ann",
                Role.USER, true, false, null, 0, Map.of(), null, NANOS, NANOS);
        ModelProfile profile = new ModelProfile(new ModelProfileId(UUID.randomUUID()), user.id(), "rag", "https://x/v1",
                new byte[] {7, 7, 7, 7, 7, 7, 7, 7, 7}, "", ModelStatus.TRAINED, List.of(), NANOS, NANOS);

        String userJson = json.user(user);
        String profileJson = json.modelProfile(profile);

        assertThat(userJson).doesNotContain("$argon2id").doesNotContain("salt$hash").contains("passwordHashSha256");
        assertThat(profileJson).doesNotContain("BwcHBwcHBwcH").contains("sealedApiKeySha256");
        RecordJson elsewhere = new RecordJson();
        assertThatThrownBy(() -> elsewhere.user(userJson)).isInstanceOf(SecretMemory.NotHeld.class);
        assertThatThrownBy(() -> elsewhere.modelProfile(profileJson)).isInstanceOf(SecretMemory.NotHeld.class);
        elsewhere.user(user);
        assertThat(elsewhere.user(userJson)).isEqualTo(user);
        ModelProfile keyless = new ModelProfile(profile.id(), profile.ownerId(), "rag", "https://x/v1", new byte[0], "",
                ModelStatus.TRAINED, List.of(), NANOS, NANOS);
        assertThat(elsewhere.modelProfile(json.modelProfile(keyless))).isEqualTo(keyless);
    }

    @Test
    void planKnowledgeBaseAndProfileRoundTrip() {
        Plan plan = new Plan(new PlanId(UUID.randomUUID()), "pro", 1_000_000, 100, 50, new BigDecimal("19.990"), true, NANOS);
        KnowledgeBase kb = new KnowledgeBase(new KnowledgeBaseId(UUID.randomUUID()), new UserId(UUID.randomUUID()), "docs",
                "line one\nline two", "minilm", Map.of("k", "v"), NANOS, NANOS, NANOS);
        ModelProfile profile = new ModelProfile(new ModelProfileId(UUID.randomUUID()), kb.ownerId(), "rag", "https://x/v1",
                new byte[] {0, -1, 42}, "", ModelStatus.FAILED, List.of(kb.id()), NANOS, NANOS);

        assertThat(json.plan(json.plan(plan))).isEqualTo(plan);
        assertThat(json.knowledgeBase(json.knowledgeBase(kb))).isEqualTo(kb);
        assertThat(json.modelProfile(json.modelProfile(profile))).isEqualTo(profile);
    }

    @Test
    void messagesAreOneLineEachAndRoundTrip() {
        ChatSessionId session = new ChatSessionId(UUID.randomUUID());
        Message question = new Message(new MessageId(UUID.randomUUID()), session, new UserId(UUID.randomUUID()), null,
                MessageRole.USER, "multi\nline\r\n\"quoted\" \u2028 text", 9, null, List.of(), List.of(), 0, NANOS);
        Message answer = new Message(new MessageId(UUID.randomUUID()), session, null, question.id(), MessageRole.ASSISTANT,
                "answer", 3, "gpt-x", List.of(new Citation(new DocumentId(UUID.randomUUID()), new ChunkId(UUID.randomUUID()), 4,
                "snippet", 0.1 + 0.2), new Citation(new DocumentId(UUID.randomUUID()), null, null, "", -1e-300)),
                List.of(new DocumentId(UUID.randomUUID())), 5_000, NANOS);

        String lines = json.messages(List.of(question, answer));

        assertThat(lines.split("\n")).hasSize(2);
        assertThat(json.messages(lines)).containsExactly(question, answer);
        assertThat(json.lastMessages(lines, 1)).containsExactly(answer);
        assertThat(json.lastMessages(lines, 5)).containsExactly(question, answer);
    }

    @Test
    void malformedValuesAreRejectedAsIllegalArguments() {
        assertThatThrownBy(() -> json.plan("not json")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> json.plan("[1]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> json.plan("{\"id\":5}")).isInstanceOf(IllegalArgumentException.class);
    }
}
