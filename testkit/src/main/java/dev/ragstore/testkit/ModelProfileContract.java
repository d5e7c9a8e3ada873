package dev.ragstore.testkit;

import dev.ragstore.core.RagStore;
import dev.ragstore.core.UserScope;
import dev.ragstore.core.error.ConflictException;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.model.ModelProfile;
import dev.ragstore.core.model.ModelProfileId;
import dev.ragstore.core.model.ModelStatus;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Contract of model profiles ({@link UserScope#models()}): a profile's API key is stored only
 * sealed (the ciphertext never contains the clear key), {@code toString()} never shows it, and
 * {@code revealApiKey} returns it exactly; a key without a configured sealing key is rejected
 * before anything is written; names are unique per user ({@code model_profile.name.unique});
 * status changes, listing and deletion behave as documented.
 *
 * <p>Subclass it and implement {@link #newStore(StoreOptions)} (see {@link StoreContractSupport});
 * the store must use the options' sealing key, and have none when the options carry none.
 */
public abstract class ModelProfileContract extends StoreContractSupport {

    private static final String SECRET = "sk-live-0123456789abcdef-ÄÖÜ";

    @Test
    void profileKeepsItsKeySealedAndRevealsItExactly() {
        UserScope scope = newScope();
        KnowledgeBase knowledgeBase = newKnowledgeBase(scope);

        ModelProfile profile = scope.models().create("support bot", "https://llm.example.test/v1", SECRET,
                "answers support questions", List.of(knowledgeBase.id()));

        assertThat(profile.ownerId()).isEqualTo(scope.userId());
        assertThat(profile.name()).isEqualTo("support bot");
        assertThat(profile.endpoint()).isEqualTo("https://llm.example.test/v1");
        assertThat(profile.description()).isEqualTo("answers support questions");
        assertThat(profile.status()).isEqualTo(ModelStatus.TRAINING);
        assertThat(profile.knowledgeBaseIds()).containsExactly(knowledgeBase.id());
        byte[] sealed = profile.sealedApiKey();
        assertThat(sealed).isNotEmpty();
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("0123456789abcdef");
        assertThat(profile.toString()).doesNotContain(SECRET).doesNotContain("0123456789abcdef");
        assertThat(scope.models().find(profile.id())).contains(profile);
        assertThat(scope.models().revealApiKey(profile.id())).contains(SECRET);
    }

    @Test
    void sealingTheSameKeyTwiceGivesDifferentCiphertexts() {
        UserScope scope = newScope();

        ModelProfile first = scope.models().create("first", "https://a.example.test", SECRET, "", List.of());
        ModelProfile second = scope.models().create("second", "https://a.example.test", SECRET, "", List.of());

        assertThat(first.sealedApiKey()).isNotEqualTo(second.sealedApiKey());
        assertThat(scope.models().revealApiKey(first.id())).contains(SECRET);
        assertThat(scope.models().revealApiKey(second.id())).contains(SECRET);
    }

    @Test
    void profileWithoutKeyRevealsNothing() {
        UserScope scope = newScope();

        ModelProfile profile = scope.models().create("keyless", "http://localhost:11434", null, "", List.of());

        assertThat(profile.sealedApiKey()).isEmpty();
        assertThat(scope.models().revealApiKey(profile.id())).isEmpty();
    }

    @Test
    void keyWithoutSealingKeyIsRejectedAndNothingIsWritten() {
        RagStore unsealed = open(defaultOptions().withSealingKey(null));
        UserScope scope = unsealed.forUser(newUser(unsealed));

        assertThatThrownBy(() -> scope.models().create("needs key", "https://x.example.test", SECRET, "", List.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageNotContaining(SECRET)
                .hasMessageContainingAll("sealing key");
        assertThat(scope.models().list()).isEmpty();
        ModelProfile keyless = scope.models().create("no key", "https://x.example.test", null, "", List.of());
        assertThat(scope.models().list()).containsExactly(keyless);
    }

    @Test
    void setStatusListAndDeleteBehaveAsDocumented() {
        UserScope scope = newScope();
        ModelProfile first = scope.models().create("one", "https://a.example.test", null, "", List.of());
        ModelProfile second = scope.models().create("two", "https://b.example.test", SECRET, "", List.of());

        ModelProfile trained = scope.models().setStatus(first.id(), ModelStatus.TRAINED);
        assertThat(trained.status()).isEqualTo(ModelStatus.TRAINED);
        assertThat(trained.name()).isEqualTo("one");
        assertThat(scope.models().find(first.id())).contains(trained);
        assertThat(scope.models().list()).containsExactly(trained, second);

        scope.models().delete(first.id());

        assertThat(scope.models().find(first.id())).isEmpty();
        assertThat(scope.models().list()).containsExactly(second);
        assertThatThrownBy(() -> scope.models().delete(first.id())).isInstanceOf(NotFoundException.class);
        ModelProfileId unknown = new ModelProfileId(UUID.randomUUID());
        assertThatThrownBy(() -> scope.models().setStatus(unknown, ModelStatus.FAILED)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> scope.models().revealApiKey(unknown)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void duplicateNameIsAConflictAndWritesNothing() {
        UserScope scope = newScope();
        ModelProfile first = scope.models().create("same", "https://a.example.test", null, "", List.of());

        assertThatThrownBy(() -> scope.models().create("same", "https://b.example.test", null, "", List.of()))
                .isInstanceOfSatisfying(ConflictException.class,
                        e -> assertThat(e.rule()).isEqualTo("model_profile.name.unique"));
        assertThat(scope.models().list()).containsExactly(first);
    }

    @Test
    void unknownKnowledgeBaseIsNotFoundAndWritesNothing() {
        UserScope scope = newScope();
        KnowledgeBaseId unknown = new KnowledgeBaseId(UUID.randomUUID());

        assertThatThrownBy(() -> scope.models().create("kb", "https://a.example.test", null, "", List.of(unknown)))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining(unknown.toString());
        assertThat(scope.models().list()).isEmpty();
    }
}
