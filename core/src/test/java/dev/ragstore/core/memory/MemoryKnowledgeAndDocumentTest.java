package dev.ragstore.core.memory;

import dev.ragstore.core.chat.ChatSession;
import dev.ragstore.core.chunk.Chunk;
import dev.ragstore.core.chunk.ChunkId;
import dev.ragstore.core.chunk.SourcedChunk;
import dev.ragstore.core.document.Document;
import dev.ragstore.core.document.DocumentRepository.DocumentInsert;
import dev.ragstore.core.document.DocumentStatus;
import dev.ragstore.core.error.ConflictException;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.knowledge.KnowledgeBaseStats;
import dev.ragstore.core.model.ModelProfile;
import dev.ragstore.core.model.ModelProfileId;
import dev.ragstore.core.model.ModelStatus;
import dev.ragstore.core.page.PageRequest;
import dev.ragstore.core.user.UserId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MemoryKnowledgeAndDocumentTest {

    private final Fixtures fixtures = new Fixtures();
    private final InMemoryRelationalStore store = InMemoryRelationalStore.create();
    private UserId alice;
    private UserId bob;

    @BeforeEach
    void users() {
        alice = store.users().insert(fixtures.user("alice")).id();
        bob = store.users().insert(fixtures.user("bob")).id();
    }

    @Test
    void keepsNamesUniqueAmongTheOwnersLiveKnowledgeBases() {
        KnowledgeBase docs = store.knowledgeBases().insert(fixtures.knowledgeBase(alice, "docs"));
        store.knowledgeBases().insert(fixtures.knowledgeBase(bob, "docs"));

        assertThatThrownBy(() -> store.knowledgeBases().insert(fixtures.knowledgeBase(alice, "docs")))
                .isInstanceOf(ConflictException.class).hasMessageContaining("knowledge base name 'docs' is already taken")
                .satisfies(e -> assertThat(((ConflictException) e).rule()).isEqualTo("knowledge_base.name.unique"));

        KnowledgeBase softDeleted = store.knowledgeBases().softDelete(alice, docs.id(), Fixtures.T0.plusSeconds(1)).orElseThrow();
        KnowledgeBase again = store.knowledgeBases().insert(fixtures.knowledgeBase(alice, "docs"));
        assertThat(again.name()).isEqualTo("docs");
        assertThatThrownBy(() -> store.knowledgeBases().restore(alice, softDeleted.id(), Fixtures.T0.plusSeconds(2)))
                .isInstanceOf(ConflictException.class).hasMessageContaining("'docs'");
        assertThat(store.knowledgeBases().list(alice, PageRequest.first(10), false).items()).containsExactly(again);
        assertThat(store.knowledgeBases().list(alice, PageRequest.first(10), true).items()).hasSize(2);
    }

    @Test
    void readsAnotherOwnersKnowledgeBaseAsAbsent() {
        KnowledgeBase docs = store.knowledgeBases().insert(fixtures.knowledgeBase(alice, "docs"));

        assertThat(store.knowledgeBases().findById(bob, docs.id())).isEmpty();
        assertThat(store.knowledgeBases().stats(bob, docs.id())).isEmpty();
        assertThat(store.knowledgeBases().delete(bob, docs.id())).isFalse();
        KnowledgeBase stolen = new KnowledgeBase(docs.id(), bob, "mine", "", "space", Map.of(), null, Fixtures.T0, Fixtures.T0);
        assertThatThrownBy(() -> store.knowledgeBases().update(stolen))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("knowledge base '" + docs.id() + "'");
        assertThat(store.knowledgeBases().findById(alice, docs.id())).contains(docs);
    }

    @Test
    void returnsTheExistingDocumentForTheSameContentAndCountsOnlyNewOnes() {
        KnowledgeBase docs = store.knowledgeBases().insert(fixtures.knowledgeBase(alice, "docs"));
        DocumentInsert first = store.documents().insertIfAbsent(fixtures.document(alice, docs.id(), "abc"), Fixtures.DAY);
        DocumentInsert second = store.documents().insertIfAbsent(fixtures.document(alice, docs.id(), "abc"), Fixtures.DAY);

        assertThat(first.created()).isTrue();
        assertThat(second.created()).isFalse();
        assertThat(second.document()).isEqualTo(first.document());
        assertThat(store.usage().find(alice, Fixtures.DAY).documents()).isEqualTo(1);
    }

    @Test
    void rejectsADocumentInAnotherOwnersKnowledgeBaseOrSession() {
        KnowledgeBase bobs = store.knowledgeBases().insert(fixtures.knowledgeBase(bob, "b"));
        KnowledgeBase alices = store.knowledgeBases().insert(fixtures.knowledgeBase(alice, "a"));
        ChatSession bobsChat = store.chats().insertSession(fixtures.session(bob, List.of()), Fixtures.DAY);

        assertThatThrownBy(() -> store.documents().insertIfAbsent(fixtures.document(alice, bobs.id(), "x"), Fixtures.DAY))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("knowledge base '" + bobs.id() + "'");
        assertThatThrownBy(() -> store.documents().insertIfAbsent(
                fixtures.document(alice, alices.id(), "x", bobsChat.id()), Fixtures.DAY))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("chat session '" + bobsChat.id() + "'");
        assertThat(store.usage().find(alice, Fixtures.DAY).documents()).isZero();
    }

    @Test
    void updatesOnlyTheProcessingFieldsOfADocument() {
        KnowledgeBase docs = store.knowledgeBases().insert(fixtures.knowledgeBase(alice, "docs"));
        Document d = store.documents().insertIfAbsent(fixtures.document(alice, docs.id(), "h"), Fixtures.DAY).document();
        Document change = new Document(d.id(), alice, docs.id(), null, "other.txt", "text/html", 1, 7, "other", "text", "s3://x",
                DocumentStatus.COMPLETED, null, "model", 12, Map.of("k", 1L), Fixtures.T0, Fixtures.T0.plusSeconds(5));

        Document updated = store.documents().update(change);

        assertThat(updated.fileName()).isEqualTo(d.fileName());
        assertThat(updated.contentHash()).isEqualTo("h");
        assertThat(updated.sizeBytes()).isEqualTo(d.sizeBytes());
        assertThat(updated.pages()).isEqualTo(7);
        assertThat(updated.status()).isEqualTo(DocumentStatus.COMPLETED);
        assertThat(updated.tokensUsed()).isEqualTo(12);
        assertThat(updated.metadata()).containsEntry("k", 1L);
    }

    @Test
    void replacesChunksAtomicallyAndRejectsForeignOrDuplicateChunks() {
        KnowledgeBase docs = store.knowledgeBases().insert(fixtures.knowledgeBase(alice, "docs"));
        Document d = store.documents().insertIfAbsent(fixtures.document(alice, docs.id(), "h"), Fixtures.DAY).document();
        Document other = store.documents().insertIfAbsent(fixtures.document(alice, docs.id(), "o"), Fixtures.DAY).document();
        Chunk second = fixtures.chunk(d, 1, "second");
        Chunk first = fixtures.chunk(d, 0, "first");
        store.chunks().replace(alice, d.id(), List.of(second, first));
        assertThat(store.chunks().listByDocument(alice, d.id())).containsExactly(first, second);

        assertThatThrownBy(() -> store.chunks().replace(alice, d.id(), List.of(fixtures.chunk(d, 0, "a"), fixtures.chunk(d, 0, "b"))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("chunk index").hasMessageContaining("0");
        assertThatThrownBy(() -> store.chunks().replace(alice, d.id(), List.of(fixtures.chunk(other, 0, "a"))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("chunk document");
        assertThatThrownBy(() -> store.chunks().replace(bob, d.id(), List.of()))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("document '" + d.id() + "'");
        assertThat(store.chunks().listByDocument(alice, d.id())).containsExactly(first, second);
        assertThat(store.chunks().listByDocument(bob, d.id())).isEmpty();

        store.chunks().replace(alice, d.id(), List.of());
        assertThat(store.chunks().listByDocument(alice, d.id())).isEmpty();
    }

    @Test
    void findsOnlyLiveChunksOfTheOwnerWithTheirSource() {
        KnowledgeBase docs = store.knowledgeBases().insert(fixtures.knowledgeBase(alice, "docs"));
        Document d = store.documents().insertIfAbsent(fixtures.document(alice, docs.id(), "h"), Fixtures.DAY).document();
        Chunk chunk = fixtures.chunk(d, 0, "text");
        store.chunks().replace(alice, d.id(), List.of(chunk));
        ChunkId unknown = new ChunkId(fixtures.nextUuid());

        assertThat(store.chunks().findLive(alice, List.of(chunk.id(), unknown, chunk.id())))
                .containsExactly(new SourcedChunk(chunk, d.fileName(), d.mimeType()));
        assertThat(store.chunks().findLive(bob, List.of(chunk.id()))).isEmpty();

        store.knowledgeBases().softDelete(alice, docs.id(), Fixtures.T0.plusSeconds(1));
        assertThat(store.chunks().findLive(alice, List.of(chunk.id()))).isEmpty();
    }

    @Test
    void derivesStatsFromDocumentsAndChunks() {
        KnowledgeBase docs = store.knowledgeBases().insert(fixtures.knowledgeBase(alice, "docs"));
        Document a = store.documents().insertIfAbsent(fixtures.document(alice, docs.id(), "a"), Fixtures.DAY).document();
        Document b = store.documents().insertIfAbsent(fixtures.document(alice, docs.id(), "b"), Fixtures.DAY).document();
        store.chunks().replace(alice, a.id(), List.of(fixtures.chunk(a, 0, "x"), fixtures.chunk(a, 1, "y")));
        store.chunks().replace(alice, b.id(), List.of(fixtures.chunk(b, 0, "z")));

        assertThat(store.knowledgeBases().stats(alice, docs.id()))
                .contains(new KnowledgeBaseStats(docs.id(), 2, 3, a.pages() + b.pages(), a.sizeBytes() + b.sizeBytes()));
    }

    @Test
    void deletingAKnowledgeBaseTakesItsDocumentsAndChunksAndLeavesSessionsAndProfiles() {
        KnowledgeBase docs = store.knowledgeBases().insert(fixtures.knowledgeBase(alice, "docs"));
        KnowledgeBase kept = store.knowledgeBases().insert(fixtures.knowledgeBase(alice, "kept"));
        Document d = store.documents().insertIfAbsent(fixtures.document(alice, docs.id(), "h"), Fixtures.DAY).document();
        Chunk chunk = fixtures.chunk(d, 0, "text");
        store.chunks().replace(alice, d.id(), List.of(chunk));
        ChatSession session = store.chats().insertSession(fixtures.session(alice, List.of(docs.id(), kept.id())), Fixtures.DAY);
        ModelProfile profile = store.modelProfiles().insert(new ModelProfile(new ModelProfileId(fixtures.nextUuid()), alice,
                "p", "https://llm", new byte[0], "", ModelStatus.TRAINING, List.of(docs.id()), Fixtures.T0, Fixtures.T0));

        assertThat(store.knowledgeBases().delete(alice, docs.id())).isTrue();

        assertThat(store.documents().findById(alice, d.id())).isEmpty();
        assertThat(store.chunks().listByDocument(alice, d.id())).isEmpty();
        assertThat(store.chunks().findLive(alice, List.of(chunk.id()))).isEmpty();
        assertThat(store.chats().findSession(alice, session.id()).orElseThrow().knowledgeBaseIds()).containsExactly(kept.id());
        assertThat(store.modelProfiles().findById(alice, profile.id()).orElseThrow().knowledgeBaseIds()).isEmpty();
        assertThat(store.knowledgeBases().delete(alice, docs.id())).isFalse();
    }

    @Test
    void keepsModelProfileNamesUniquePerOwnerAndKnowledgeBasesTheOwners() {
        KnowledgeBase bobs = store.knowledgeBases().insert(fixtures.knowledgeBase(bob, "b"));
        store.modelProfiles().insert(profile(alice, "gpt", List.of()));
        store.modelProfiles().insert(profile(bob, "gpt", List.of()));

        assertThatThrownBy(() -> store.modelProfiles().insert(profile(alice, "gpt", List.of())))
                .isInstanceOf(ConflictException.class).hasMessageContaining("model profile name 'gpt' is already taken")
                .satisfies(e -> assertThat(((ConflictException) e).rule()).isEqualTo("model_profile.name.unique"));
        assertThatThrownBy(() -> store.modelProfiles().insert(profile(alice, "other", List.of(bobs.id()))))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("knowledge base '" + bobs.id() + "'");
    }

    private ModelProfile profile(UserId owner, String name, List<dev.ragstore.core.knowledge.KnowledgeBaseId> bases) {
        return new ModelProfile(new ModelProfileId(fixtures.nextUuid()), owner, name, "https://llm", new byte[] {1, 2}, "",
                ModelStatus.TRAINING, bases, Fixtures.T0, Fixtures.T0);
    }
}
