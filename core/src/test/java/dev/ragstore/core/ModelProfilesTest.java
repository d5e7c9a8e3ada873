package dev.ragstore.core;

import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.memory.InMemoryRelationalStore;
import dev.ragstore.core.model.ModelProfile;
import dev.ragstore.core.model.ModelStatus;
import dev.ragstore.core.user.NewUser;
import org.junit.jupiter.api.Test;

import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelProfilesTest {

    private static final String SECRET = "sk-live-0123456789abcdef";

    private static RagStore sealed(InMemoryRelationalStore relational) {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (i * 7 + 3);
        }
        return RagStore.builder().relationalStore(relational).sealingKey(new SecretKeySpec(key, "AES")).build();
    }

    @Test
    void sealsTheApiKeyAndRevealsItOnlyToTheOwner() {
        InMemoryRelationalStore relational = InMemoryRelationalStore.create();
        try (RagStore store = sealed(relational)) {
            UserScope alice = store.forUser(store.admin().createUser(NewUser.of("alice", "password-alice")).id());
            UserScope bob = store.forUser(store.admin().createUser(NewUser.of("bob", "password-bob")).id());
            KnowledgeBase kb = alice.knowledgeBases().create("docs", "", Map.of());

            ModelProfile profile = alice.models().create("support-bot", "https://llm.example/v1", SECRET, "", List.of(kb.id()));

            assertThat(profile.status()).isEqualTo(ModelStatus.TRAINING);
            assertThat(profile.knowledgeBaseIds()).containsExactly(kb.id());
            byte[] stored = relational.modelProfiles().findById(alice.userId(), profile.id()).orElseThrow().sealedApiKey();
            assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(SECRET);
            assertThat(profile.toString()).doesNotContain(SECRET).contains("apiKey=***");
            assertThat(alice.models().revealApiKey(profile.id())).contains(SECRET);
            assertThatThrownBy(() -> bob.models().revealApiKey(profile.id()))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessage("model profile '" + profile.id() + "' not found");

            assertThat(alice.models().setStatus(profile.id(), ModelStatus.TRAINED).status()).isEqualTo(ModelStatus.TRAINED);
            assertThat(alice.models().revealApiKey(profile.id())).contains(SECRET);
        }
    }

    @Test
    void aProfileWithoutKeyNeedsNoSealingKey() {
        try (RagStore store = RagStore.inMemory()) {
            UserScope alice = store.forUser(store.admin().createUser(NewUser.of("alice", "password-alice")).id());

            ModelProfile profile = alice.models().create("local", "http://localhost:11434", null, "", List.of());

            assertThat(profile.sealedApiKey()).isEmpty();
            assertThat(alice.models().revealApiKey(profile.id())).isEmpty();
            alice.models().delete(profile.id());
            assertThat(alice.models().list()).isEmpty();
        }
    }

    @Test
    void refusesAKeyWithoutASealingKeyAndNeverEchoesIt() {
        try (RagStore store = RagStore.inMemory()) {
            UserScope alice = store.forUser(store.admin().createUser(NewUser.of("alice", "password-alice")).id());

            assertThatThrownBy(() -> alice.models().create("bot", "https://llm.example/v1", SECRET, "", List.of()))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage("model profile api key requires a sealing key: configure RagStore.builder().sealingKey(...)")
                    .hasMessageNotContaining(SECRET);
            assertThat(alice.models().list()).isEmpty();
        }
    }

    @Test
    void refusesAnotherUsersKnowledgeBaseBeforeSealing() {
        try (RagStore store = sealed(InMemoryRelationalStore.create())) {
            UserScope alice = store.forUser(store.admin().createUser(NewUser.of("alice", "password-alice")).id());
            UserScope bob = store.forUser(store.admin().createUser(NewUser.of("bob", "password-bob")).id());
            KnowledgeBase bobs = bob.knowledgeBases().create("docs", "", Map.of());

            assertThatThrownBy(() -> alice.models().create("bot", "https://llm.example/v1", SECRET, "", List.of(bobs.id())))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessage("knowledge base '" + bobs.id() + "' not found");
            assertThat(alice.models().list()).isEmpty();
        }
    }
}
