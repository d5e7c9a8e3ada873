package dev.ragstore.testkit;

import dev.ragstore.core.RagStore;
import dev.ragstore.core.UserScope;
import dev.ragstore.core.document.Document;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.error.ConflictException;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.model.ModelProfile;
import dev.ragstore.core.model.ModelProfileId;
import dev.ragstore.core.model.ModelStatus;
import dev.ragstore.core.page.PageRequest;
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
 * status changes, listing and deletion behave as documented; updates replace the editable fields
 * and never the key; a rotated key leaves only the new ciphertext (no racing update writes the old
 * one back); training-document links are listed both ways and vanish with either side.
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

    // ---- editing, key rotation and training documents (issue 13, item 6) ----

    @Test
    void updateReplacesTheEditableFieldsAndKeepsKeyStatusAndLinks() {
        UserScope scope = newScope();
        KnowledgeBase before = newKnowledgeBase(scope);
        KnowledgeBase after = newKnowledgeBase(scope);
        ModelProfile created = scope.models().create("draft", "https://old.example.test", SECRET, "old", List.of(before.id()));
        scope.models().setStatus(created.id(), ModelStatus.TRAINED);
        DocumentId document = ingestText(scope, before, "train.txt", "training text").document().id();
        scope.models().linkDocument(created.id(), document);
        clock.advance(java.time.Duration.ofSeconds(1));

        ModelProfile updated = scope.models().update(created.id(), "final", "https://new.example.test", "new",
                List.of(after.id(), before.id(), after.id()));

        assertThat(updated.id()).isEqualTo(created.id());
        assertThat(updated.name()).isEqualTo("final");
        assertThat(updated.endpoint()).isEqualTo("https://new.example.test");
        assertThat(updated.description()).isEqualTo("new");
        assertThat(updated.knowledgeBaseIds()).containsExactly(after.id(), before.id());
        assertThat(updated.status()).isEqualTo(ModelStatus.TRAINED);
        assertThat(updated.sealedApiKey()).isEqualTo(created.sealedApiKey());
        assertThat(updated.createdAt()).isEqualTo(created.createdAt());
        assertThat(updated.updatedAt()).isAfter(created.updatedAt());
        assertThat(scope.models().find(created.id())).contains(updated);
        assertThat(scope.models().revealApiKey(created.id())).contains(SECRET);
        assertThat(scope.models().linkedDocuments(created.id(), PageRequest.first(10)).items())
                .extracting(Document::id).containsExactly(document);
    }

    @Test
    void badUpdatesAreRefusedAndChangeNothing() {
        UserScope scope = newScope();
        ModelProfile profile = scope.models().create("mine", "https://a.example.test", SECRET, "", List.of());
        scope.models().create("taken", "https://b.example.test", null, "", List.of());
        KnowledgeBaseId unknown = new KnowledgeBaseId(UUID.randomUUID());
        KnowledgeBase othersKnowledgeBase = newKnowledgeBase(newScope());

        assertInvalidInput(() -> scope.models().update(profile.id(), " ", "https://a.example.test", "", List.of()),
                "model profile name", "blank");
        assertThatThrownBy(() -> scope.models().update(profile.id(), "taken", "https://a.example.test", "", List.of()))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.rule()).isEqualTo("model_profile.name.unique"));
        assertThatThrownBy(() -> scope.models().update(profile.id(), "mine", "https://a.example.test", "", List.of(unknown)))
                .isInstanceOf(NotFoundException.class).hasMessageContaining(unknown.toString());
        assertThatThrownBy(() -> scope.models().update(profile.id(), "mine", "https://a.example.test", "",
                List.of(othersKnowledgeBase.id()))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> newScope().models().update(profile.id(), "stolen", "https://evil.example.test", "", List.of()))
                .isInstanceOf(NotFoundException.class).hasMessageContaining(profile.id().toString());
        assertThatThrownBy(() -> newScope().models().rotateApiKey(profile.id(), "sk-evil"))
                .isInstanceOf(NotFoundException.class);
        assertThat(scope.models().find(profile.id())).contains(profile);
        assertThat(scope.models().revealApiKey(profile.id())).contains(SECRET);
    }

    @Test
    void rotatingTheKeyLeavesOnlyTheNewKeyRecoverable() {
        UserScope scope = newScope();
        ModelProfile created = scope.models().create("rotating", "https://a.example.test", SECRET, "", List.of());
        byte[] oldSealed = created.sealedApiKey();

        ModelProfile rotated = scope.models().rotateApiKey(created.id(), "sk-new-key-2");

        assertThat(scope.models().revealApiKey(created.id())).contains("sk-new-key-2");
        assertThat(rotated.sealedApiKey()).isNotEmpty().isNotEqualTo(oldSealed);
        assertThat(scope.models().find(created.id()).orElseThrow().sealedApiKey()).isEqualTo(rotated.sealedApiKey());
        assertThat(new String(rotated.sealedApiKey(), StandardCharsets.ISO_8859_1)).doesNotContain("sk-new-key-2");
        assertThat(rotated.name()).isEqualTo(created.name());
        assertThat(rotated.status()).isEqualTo(created.status());

        ModelProfile keyless = scope.models().rotateApiKey(created.id(), null);
        assertThat(keyless.sealedApiKey()).isEmpty();
        assertThat(scope.models().revealApiKey(created.id())).isEmpty();
        assertInvalidInput(() -> scope.models().rotateApiKey(created.id(), "  "), "model profile api key", "blank");
        assertThatThrownBy(() -> scope.models().rotateApiKey(new ModelProfileId(UUID.randomUUID()), "sk"))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void aKeyWithoutASealingKeyCannotBeRotatedIn() {
        RagStore unsealed = open(defaultOptions().withSealingKey(null));
        UserScope scope = unsealed.forUser(newUser(unsealed));
        ModelProfile keyless = scope.models().create("keyless", "https://a.example.test", null, "", List.of());

        assertThatThrownBy(() -> scope.models().rotateApiKey(keyless.id(), SECRET))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("sealing key").hasMessageNotContaining(SECRET);
        assertThat(scope.models().find(keyless.id())).contains(keyless);
    }

    @Test
    void updatesRacingKeyRotationsNeverWriteAnOldKeyBack() {
        UserScope scope = newScope();
        ModelProfile profile = scope.models().create("raced", "https://a.example.test", "sk-initial", "", List.of());
        for (int round = 0; round < 8; round++) {
            String key = "sk-round-" + round;
            int r = round;
            Concurrently.run(8, i -> () -> {
                if (i == 0) {
                    return scope.models().rotateApiKey(profile.id(), key);
                }
                return i % 2 == 0 ? scope.models().setStatus(profile.id(), ModelStatus.values()[i % 3])
                        : scope.models().update(profile.id(), "raced", "https://a.example.test/" + r, "", List.of());
            });
            assertThat(scope.models().revealApiKey(profile.id())).as("round %d", round).contains(key);
        }
    }

    @Test
    void documentsAreLinkedListedAndUnlinked() {
        UserScope scope = newScope();
        KnowledgeBase knowledgeBase = newKnowledgeBase(scope);
        List<DocumentId> documents = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            documents.add(ingestText(scope, knowledgeBase, "train-" + i + ".txt", "training document " + i).document().id());
        }
        ModelProfile profile = scope.models().create("trainee", "https://a.example.test", null, "", List.of());
        ModelProfile other = scope.models().create("other", "https://a.example.test", null, "", List.of());

        for (DocumentId document : List.of(documents.get(3), documents.get(0), documents.get(4), documents.get(1))) {
            assertThat(scope.models().linkDocument(profile.id(), document)).isTrue();
        }
        assertThat(scope.models().linkDocument(profile.id(), documents.get(0))).isFalse();
        scope.models().linkDocument(other.id(), documents.get(0));

        assertThat(ListingContract.readAll(p -> scope.models().linkedDocuments(profile.id(), p), PageRequest.first(3)))
                .extracting(Document::id).containsExactly(documents.get(0), documents.get(1), documents.get(3), documents.get(4));
        assertThat(ListingContract.readAll(p -> scope.models().linkedDocuments(profile.id(), p), PageRequest.newestFirst(3)))
                .extracting(Document::id).containsExactly(documents.get(4), documents.get(3), documents.get(1), documents.get(0));
        assertThat(scope.models().linkedProfiles(documents.get(0))).extracting(ModelProfile::id)
                .containsExactly(profile.id(), other.id());
        assertThat(scope.models().linkedProfiles(documents.get(2))).isEmpty();

        assertThat(scope.models().unlinkDocument(profile.id(), documents.get(3))).isTrue();
        assertThat(scope.models().unlinkDocument(profile.id(), documents.get(3))).isFalse();
        assertThat(scope.models().unlinkDocument(profile.id(), documents.get(2))).isFalse();
        assertThat(scope.models().linkedDocuments(profile.id(), PageRequest.first(10)).items())
                .extracting(Document::id).containsExactly(documents.get(0), documents.get(1), documents.get(4));
    }

    @Test
    void linksVanishWhenEitherSideIsDeletedAndHideWithTheKnowledgeBase() {
        UserScope scope = newScope();
        KnowledgeBase knowledgeBase = newKnowledgeBase(scope);
        DocumentId deletedLater = ingestText(scope, knowledgeBase, "deleted.txt", "a document deleted later").document().id();
        DocumentId kept = ingestText(scope, knowledgeBase, "kept.txt", "a document that stays").document().id();
        ModelProfile profile = scope.models().create("linked", "https://a.example.test", null, "", List.of());
        ModelProfile doomed = scope.models().create("doomed", "https://a.example.test", null, "", List.of());
        scope.models().linkDocument(profile.id(), deletedLater);
        scope.models().linkDocument(profile.id(), kept);
        scope.models().linkDocument(doomed.id(), kept);

        scope.documents().delete(deletedLater);
        scope.models().delete(doomed.id());

        assertThat(scope.models().linkedDocuments(profile.id(), PageRequest.first(10)).items())
                .extracting(Document::id).containsExactly(kept);
        assertThat(scope.models().linkedProfiles(kept)).extracting(ModelProfile::id).containsExactly(profile.id());
        assertThatThrownBy(() -> scope.models().linkedDocuments(doomed.id(), PageRequest.first(10)))
                .isInstanceOf(NotFoundException.class);

        scope.knowledgeBases().delete(knowledgeBase.id());
        assertThat(scope.models().linkedDocuments(profile.id(), PageRequest.first(10)).items()).isEmpty();
        assertThatThrownBy(() -> scope.models().linkDocument(profile.id(), kept)).isInstanceOf(NotFoundException.class);
        scope.knowledgeBases().restore(knowledgeBase.id());
        assertThat(scope.models().linkedDocuments(profile.id(), PageRequest.first(10)).items())
                .extracting(Document::id).containsExactly(kept);
    }

    @Test
    void anotherUsersProfilesAndDocumentsReadAsNotFound() {
        UserScope owner = newScope();
        UserScope stranger = newScope();
        DocumentId ownersDocument = ingestText(owner, newKnowledgeBase(owner), "owner.txt", "the owner's text").document().id();
        DocumentId strangersDocument = ingestText(stranger, newKnowledgeBase(stranger), "stranger.txt", "the stranger's text")
                .document().id();
        ModelProfile ownersProfile = owner.models().create("owner's", "https://a.example.test", null, "", List.of());
        ModelProfile strangersProfile = stranger.models().create("stranger's", "https://a.example.test", null, "", List.of());
        owner.models().linkDocument(ownersProfile.id(), ownersDocument);

        assertThatThrownBy(() -> owner.models().linkDocument(ownersProfile.id(), strangersDocument))
                .isInstanceOf(NotFoundException.class).hasMessageContaining(strangersDocument.toString());
        assertThatThrownBy(() -> stranger.models().linkDocument(strangersProfile.id(), ownersDocument))
                .isInstanceOf(NotFoundException.class).hasMessageContaining(ownersDocument.toString());
        assertThatThrownBy(() -> stranger.models().linkDocument(ownersProfile.id(), strangersDocument))
                .isInstanceOf(NotFoundException.class).hasMessageContaining(ownersProfile.id().toString());
        assertThatThrownBy(() -> stranger.models().unlinkDocument(ownersProfile.id(), ownersDocument))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> stranger.models().linkedDocuments(ownersProfile.id(), PageRequest.first(10)))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> stranger.models().linkedProfiles(ownersDocument)).isInstanceOf(NotFoundException.class);
        assertThat(owner.models().linkedDocuments(ownersProfile.id(), PageRequest.first(10)).items())
                .extracting(Document::id).containsExactly(ownersDocument);
        assertThat(stranger.models().linkedDocuments(strangersProfile.id(), PageRequest.first(10)).items()).isEmpty();
    }
}
