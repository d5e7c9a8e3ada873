package dev.ragstore.redis;

import dev.ragstore.core.chat.ChatSessionId;
import dev.ragstore.core.chat.Citation;
import dev.ragstore.core.chat.Message;
import dev.ragstore.core.chat.MessageId;
import dev.ragstore.core.chat.MessageRole;
import dev.ragstore.core.chunk.ChunkId;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.internal.RecordJson;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.model.ModelProfile;
import dev.ragstore.core.model.ModelProfileId;
import dev.ragstore.core.model.ModelStatus;
import dev.ragstore.core.user.Role;
import dev.ragstore.core.user.User;
import dev.ragstore.core.user.UserId;
import dev.ragstore.redis.internal.SecretMemory;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Cache entries as RedisStore writes them: core's RecordJson with secrets as fingerprints held by a SecretMemory. */
class CacheEntryJsonTest {

    private static final Instant NANOS = Instant.parse("2025-03-01T10:15:30.123456789Z");
    private static final String HASH = "$argon2id$v=19$m=19456,t=2,p=1$salt$hash";

    private final SecretMemory secrets = new SecretMemory();
    private final RecordJson json = RecordJson.withFingerprints(secrets);
    private final User user = new User(new UserId(UUID.randomUUID()), "ann", "ann@example.com", HASH, "Ann", Role.USER, true,
            false, null, 0, Map.of("k", 1L), NANOS, NANOS, NANOS);

    @Test
    void entriesHoldFingerprintsAndOnlyTheProcessHoldingTheSecretServesThem() {
        ModelProfile profile = new ModelProfile(new ModelProfileId(UUID.randomUUID()), user.id(), "rag", "https://x/v1",
                new byte[] {7, 7, 7, 7, 7, 7, 7, 7, 7}, "", ModelStatus.TRAINED, List.of(), NANOS, NANOS);
        String userEntry = json.write(user);
        String profileEntry = json.write(profile);
        RecordJson elsewhere = RecordJson.withFingerprints(new SecretMemory());

        assertThat(userEntry).doesNotContain("$argon2id").contains("\"passwordHashSha256\"");
        assertThat(profileEntry).doesNotContain("BwcHBwcHBwcH").contains("\"sealedApiKeySha256\"");
        assertThat(ReadThrough.<User>decodeOrNull("k", userEntry, text -> json.read(text, User.class))).isEqualTo(user);
        assertThatThrownBy(() -> ReadThrough.decodeOrNull("k", userEntry, text -> elsewhere.read(text, User.class)))
                .isInstanceOf(SecretMemory.NotHeld.class);
        assertThatThrownBy(() -> ReadThrough.decodeOrNull("k", profileEntry, text -> elsewhere.read(text, ModelProfile.class)))
                .isInstanceOf(SecretMemory.NotHeld.class);
    }

    @Test
    void entriesOfTheFormerHandWrittenFormatAreMisses() {
        String fingerprint = secrets.fingerprint(HASH);
        String oldUser = "{\"id\":\"" + user.id() + "\",\"username\":\"ann\",\"email\":\"ann@example.com\",\"passwordHashSha256\":\""
                + fingerprint + "\",\"displayName\":\"Ann\",\"role\":\"USER\",\"active\":true,\"emailVerified\":false,"
                + "\"planId\":null,\"lifetimeTokens\":0,\"preferences\":\"{\\\"k\\\":1}\",\"lastLoginAt\":\"" + NANOS
                + "\",\"createdAt\":\"" + NANOS + "\",\"updatedAt\":\"" + NANOS + "\"}";
        String oldKnowledgeBase = "{\"id\":\"" + UUID.randomUUID() + "\",\"ownerId\":\"" + user.id() + "\",\"name\":\"docs\","
                + "\"description\":\"\",\"embeddingSpace\":\"minilm\",\"metadata\":\"{}\",\"createdAt\":\"" + NANOS
                + "\",\"updatedAt\":\"" + NANOS + "\"}";
        String oldMessage = "{\"id\":\"" + UUID.randomUUID() + "\",\"sessionId\":\"" + UUID.randomUUID() + "\",\"role\":\"USER\","
                + "\"content\":\"hi\",\"tokenCount\":1,\"citations\":[],\"attachedDocumentIds\":[],\"processingMillis\":0,"
                + "\"createdAt\":\"" + NANOS + "\"}";

        assertThat(ReadThrough.<User>decodeOrNull("k", oldUser, text -> json.read(text, User.class))).isNull();
        assertThat(ReadThrough.<KnowledgeBase>decodeOrNull("k", oldKnowledgeBase, text -> json.read(text, KnowledgeBase.class))).isNull();
        assertThat(ReadThrough.<List<Message>>decodeOrNull("k", oldMessage, text -> HistoryLines.last(json, text, 5))).isNull();
    }

    @Test
    void aHistoryIsOneLineAMessageAndItsTailDecodesAlone() {
        ChatSessionId session = new ChatSessionId(UUID.randomUUID());
        Message question = new Message(new MessageId(UUID.randomUUID()), session, user.id(), null, MessageRole.USER,
                "multi\nline\r\n\"quoted\" \u2028 text", 9, null, List.of(), List.of(), 0, NANOS);
        Message answer = new Message(new MessageId(UUID.randomUUID()), session, null, question.id(), MessageRole.ASSISTANT,
                "answer", 3, "gpt-x", List.of(new Citation(new DocumentId(UUID.randomUUID()), new ChunkId(UUID.randomUUID()), 4,
                "snippet", 0.1 + 0.2), new Citation(new DocumentId(UUID.randomUUID()), null, null, "", -1e-300)),
                List.of(new DocumentId(UUID.randomUUID())), 5_000, NANOS);

        String lines = HistoryLines.join(json, List.of(question, answer));

        assertThat(lines.split("\n")).hasSize(2);
        assertThat(HistoryLines.last(json, lines, 1)).containsExactly(answer);
        assertThat(HistoryLines.last(json, lines, 5)).containsExactly(question, answer);
        assertThat(HistoryLines.last(json, "malformed\n" + lines, 2)).containsExactly(question, answer);
    }
}
