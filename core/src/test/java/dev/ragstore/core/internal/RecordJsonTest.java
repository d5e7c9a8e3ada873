package dev.ragstore.core.internal;

import dev.ragstore.core.chat.ChatSessionId;
import dev.ragstore.core.chat.Citation;
import dev.ragstore.core.chat.Message;
import dev.ragstore.core.chat.MessageId;
import dev.ragstore.core.chat.MessageRole;
import dev.ragstore.core.chunk.Chunk;
import dev.ragstore.core.chunk.ChunkId;
import dev.ragstore.core.chunk.Embedding;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.model.ModelProfile;
import dev.ragstore.core.model.ModelProfileId;
import dev.ragstore.core.model.ModelStatus;
import dev.ragstore.core.plan.Plan;
import dev.ragstore.core.plan.PlanId;
import dev.ragstore.core.search.IndexedChunk;
import dev.ragstore.core.user.Role;
import dev.ragstore.core.user.User;
import dev.ragstore.core.user.UserId;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordJsonTest {

    private static final Instant NANOS = Instant.parse("2025-03-01T10:15:30.123456789Z");
    private static final String PASSWORD_HASH = "$argon2id$v=19$m=19456,t=2,p=1$salt$hash";
    private static final byte[] SEALED_KEY = {7, 7, 7, 7, 7, 7, 7, 7, 7};
    private static final String SEALED_KEY_BASE64 = "BwcHBwcHBwcH";

    private final RecordJson snapshot = RecordJson.withSecrets();
    private final MapFingerprints fingerprints = new MapFingerprints();
    private final RecordJson cache = RecordJson.withFingerprints(fingerprints);

    private final User user = new User(new UserId(UUID.randomUUID()), "ann", null, PASSWORD_HASH, "Ann", Role.USER, true, false,
            null, 0, Map.of(), null, NANOS, NANOS);
    private final ModelProfile profile = new ModelProfile(new ModelProfileId(UUID.randomUUID()), user.id(), "rag",
            "https://x/v1", SEALED_KEY, "", ModelStatus.TRAINED, List.of(), NANOS, NANOS);

    @Test
    void twoFactorFlagIsWrittenOnlyWhenSetAndReadsAsFalseWhenAbsent() { // issue 13 #5: version-1 JSON stays valid
        User withTwoFactor = user.withTwoFactorEnabled(true);
        User withoutPassword = user.withPasswordHash(null);

        for (RecordJson codec : List.of(snapshot, cache)) {
            assertThat(codec.write(user)).doesNotContain("twoFactorEnabled");
            assertThat(codec.write(withTwoFactor)).contains("\"twoFactorEnabled\":true");
            assertThat(codec.read(codec.write(withTwoFactor), User.class)).isEqualTo(withTwoFactor);
            assertThat(codec.read(codec.write(user), User.class)).isEqualTo(user);
            assertThat(codec.read(codec.write(withoutPassword), User.class)).isEqualTo(withoutPassword);
        }
    }

    @Test
    void snapshotFormKeepsTheSecretsAndRoundTripsThem() {
        String userJson = snapshot.write(user);
        String profileJson = snapshot.write(profile);

        assertThat(userJson).contains("\"passwordHash\":\"" + PASSWORD_HASH + "\"").doesNotContain("Sha256");
        assertThat(profileJson).contains("\"sealedApiKey\":\"" + SEALED_KEY_BASE64 + "\"").doesNotContain("Sha256");
        assertThat(snapshot.read(userJson, User.class)).isEqualTo(user);
        assertThat(snapshot.read(profileJson, ModelProfile.class)).isEqualTo(profile);
    }

    @Test
    void cacheFormNeverHoldsASecretOnlyItsFingerprint() {
        String userJson = cache.write(user);
        String profileJson = cache.write(profile);

        assertThat(userJson).doesNotContain("$argon2id").doesNotContain("salt$hash").doesNotContain("\"passwordHash\"")
                .contains("\"passwordHashSha256\":\"" + fingerprints.fingerprint(PASSWORD_HASH) + "\"");
        assertThat(profileJson).doesNotContain(SEALED_KEY_BASE64).doesNotContain("\"sealedApiKey\"")
                .contains("\"sealedApiKeySha256\":\"" + fingerprints.fingerprint(SEALED_KEY_BASE64) + "\"");
        assertThat(cache.read(userJson, User.class)).isEqualTo(user);
        assertThat(cache.read(profileJson, ModelProfile.class)).isEqualTo(profile);
    }

    @Test
    void aFingerprintTheCodecDoesNotHoldFailsWithTheExceptionOfItsFingerprints() {
        String userJson = cache.write(user);
        RecordJson elsewhere = RecordJson.withFingerprints(new MapFingerprints());

        assertThatThrownBy(() -> elsewhere.read(userJson, User.class)).isInstanceOf(SecretNotHeld.class);
        assertThatThrownBy(() -> elsewhere.read(cache.write(profile), ModelProfile.class)).isInstanceOf(SecretNotHeld.class);
        assertThatThrownBy(() -> snapshot.read(userJson, User.class)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void recordsRoundTripWithOptionalFieldsTypedMetadataAndExactValues() {
        User full = new User(new UserId(UUID.randomUUID()), "ann", "ann@example.com", PASSWORD_HASH, "Ann", Role.ADMIN, true, true,
                new PlanId(UUID.randomUUID()), 123_456_789_012L,
                Map.of("big", Long.MAX_VALUE, "ratio", 1.0, "tiny", 1e-300, "id", UUID.randomUUID(), "tags", List.of("a", "b")),
                NANOS, NANOS, NANOS);
        Plan plan = new Plan(new PlanId(UUID.randomUUID()), "pro", 1_000_000, 100, 50, new BigDecimal("19.990"), true, NANOS);
        KnowledgeBase kb = new KnowledgeBase(new KnowledgeBaseId(UUID.randomUUID()), full.id(), "docs", "line one\nline two",
                "minilm", Map.of("k", "v"), NANOS, NANOS, NANOS);
        IndexedChunk chunk = new IndexedChunk(new ChunkId(UUID.randomUUID()), full.id(), kb.id(), new DocumentId(UUID.randomUUID()),
                3, null, "text/plain", "text", Map.of(), NANOS, List.of(Embedding.of(0.1f, -0f, Float.MIN_VALUE)));

        for (RecordJson codec : List.of(snapshot, cache)) {
            assertThat(codec.read(codec.write(full), User.class)).isEqualTo(full);
            assertThat(codec.read(codec.write(full), User.class).preferences().get("ratio")).isInstanceOf(Double.class);
            assertThat(codec.read(codec.write(plan), Plan.class)).isEqualTo(plan);
            assertThat(codec.read(codec.write(kb), KnowledgeBase.class)).isEqualTo(kb);
            assertThat(codec.read(codec.write(chunk), IndexedChunk.class)).isEqualTo(chunk);
        }
    }

    /** Issue 13, item 7: a chunk's page breaks round trip; a one-page chunk is written as before they existed. */
    @Test
    void chunkPageBreaksRoundTripAndAOnePageChunkKeepsItsOldForm() throws Exception {
        Chunk spanning = new Chunk(new ChunkId(UUID.randomUUID()), new UserId(UUID.randomUUID()),
                new KnowledgeBaseId(UUID.randomUUID()), new DocumentId(UUID.randomUUID()), 0, "page one\npage two", 4, 0, 17, 3,
                Map.of(), NANOS, List.of(9));
        Chunk onePage = new Chunk(spanning.id(), spanning.ownerId(), spanning.knowledgeBaseId(), spanning.documentId(), 1,
                "one page", 2, 17, 25, 4, Map.of(), NANOS);

        assertThat(snapshot.read(snapshot.write(spanning), Chunk.class)).isEqualTo(spanning);
        String old = snapshot.write(onePage);
        assertThat(old).doesNotContain("pageBreaks");
        com.fasterxml.jackson.databind.JsonNode tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(old);
        RecordJson.withoutPageBreaks(tree);
        assertThat(snapshot.read(tree, Chunk.class)).isEqualTo(onePage);
    }

    @Test
    void aMessageIsOneLineAndRoundTrips() {
        ChatSessionId session = new ChatSessionId(UUID.randomUUID());
        Message answer = new Message(new MessageId(UUID.randomUUID()), session, null, new MessageId(UUID.randomUUID()),
                MessageRole.ASSISTANT, "multi\nline\r\n\"quoted\" \u2028 text", 3, "gpt-x",
                List.of(new Citation(new DocumentId(UUID.randomUUID()), new ChunkId(UUID.randomUUID()), 4, "snippet", 0.1 + 0.2),
                        new Citation(new DocumentId(UUID.randomUUID()), null, null, "", -1e-300)),
                List.of(new DocumentId(UUID.randomUUID())), 5_000, NANOS);

        String json = cache.write(answer);

        assertThat(json).doesNotContain("\n");
        assertThat(cache.read(json, Message.class)).isEqualTo(answer);
    }

    @Test
    void malformedOrIncompleteJsonIsInvalidInputNamingWhere() {
        String plan = snapshot.write(new Plan(new PlanId(UUID.randomUUID()), "pro", 1, 1, 1, BigDecimal.ONE, true, NANOS));

        assertThatThrownBy(() -> snapshot.read("not json", Plan.class)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> snapshot.read("[1]", Plan.class)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> snapshot.read("{\"id\":5}", Plan.class)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> snapshot.read(plan.replace("\"documentLimit\":1", "\"documentLimit\":1.5"), Plan.class))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("documentLimit");
        assertThatThrownBy(() -> snapshot.read(plan.replace("\"active\":true,", ""), Plan.class))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("active");
        assertThatThrownBy(() -> snapshot.read(plan.replace("\"name\":\"pro\"", "\"name\":null"), Plan.class))
                .isInstanceOf(InvalidInputException.class);
    }

    private static final class SecretNotHeld extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    /** Fingerprints as in a cache: the fingerprint is SHA-256 (here: a tag), the secret stays in memory. */
    private static final class MapFingerprints implements RecordJson.Fingerprints {
        private final Map<String, String> secrets = new HashMap<>();

        @Override
        public String fingerprint(String secret) {
            String fingerprint = "fp-" + Integer.toHexString(secret.hashCode());
            secrets.put(fingerprint, secret);
            return fingerprint;
        }

        @Override
        public String secret(String fingerprint) {
            String secret = secrets.get(fingerprint);
            if (secret == null) {
                throw new SecretNotHeld();
            }
            return secret;
        }
    }
}
