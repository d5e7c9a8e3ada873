package dev.ragstore.testkit;

import dev.ragstore.core.UserScope;
import dev.ragstore.core.document.DocumentQuery;
import dev.ragstore.core.document.IngestResult;
import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.model.ModelProfile;
import dev.ragstore.core.page.PageRequest;
import dev.ragstore.core.search.SearchMode;
import dev.ragstore.core.search.SearchRequest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Contract of the knowledge-base trash ({@link dev.ragstore.core.knowledge.KnowledgeBases#listDeleted}):
 * it lists exactly the user's soft-deleted knowledge bases, both ways; restoring one from it makes
 * its documents and vectors searchable again (vector and keyword); purging one from it removes the
 * knowledge base, its documents, their vectors and their model-profile links for good; another
 * user's trash reads as not found.
 *
 * <p>Subclass it and implement {@link #newStore(StoreOptions)} (see {@link StoreContractSupport}).
 * Adapters with their own vector store (pgvector, Milvus) should subclass it so that restore and
 * purge are checked against their index.
 */
public abstract class KnowledgeBaseTrashContract extends StoreContractSupport {

    private static final String TEXT = "Kingfishers dive from a perch to catch small fish in clear streams.";

    @Test
    void trashListsExactlyTheSoftDeletedKnowledgeBasesBothWays() {
        UserScope scope = newScope();
        KnowledgeBase kept = newKnowledgeBase(scope);
        KnowledgeBase firstDeleted = newKnowledgeBase(scope);
        KnowledgeBase alsoKept = newKnowledgeBase(scope);
        KnowledgeBase secondDeleted = newKnowledgeBase(scope);
        KnowledgeBase thirdDeleted = newKnowledgeBase(scope);
        assertThat(scope.knowledgeBases().listDeleted(PageRequest.first(10)).items()).isEmpty();
        for (KnowledgeBase doomed : List.of(thirdDeleted, firstDeleted, secondDeleted)) {
            scope.knowledgeBases().delete(doomed.id());
        }

        assertThat(ListingContract.readAll(p -> scope.knowledgeBases().listDeleted(p), PageRequest.first(2)))
                .extracting(KnowledgeBase::id).containsExactly(firstDeleted.id(), secondDeleted.id(), thirdDeleted.id());
        assertThat(ListingContract.readAll(p -> scope.knowledgeBases().listDeleted(p), PageRequest.newestFirst(2)))
                .extracting(KnowledgeBase::id).containsExactly(thirdDeleted.id(), secondDeleted.id(), firstDeleted.id());
        assertThat(scope.knowledgeBases().listDeleted(PageRequest.first(10)).items()).allSatisfy(kb -> assertThat(kb.deleted()).isTrue());
        assertThat(scope.knowledgeBases().list(PageRequest.first(10)).items()).extracting(KnowledgeBase::id)
                .containsExactly(kept.id(), alsoKept.id());

        scope.knowledgeBases().restore(secondDeleted.id());
        scope.knowledgeBases().purge(thirdDeleted.id());
        assertThat(scope.knowledgeBases().listDeleted(PageRequest.first(10)).items()).extracting(KnowledgeBase::id)
                .containsExactly(firstDeleted.id());
    }

    @Test
    void restoringFromTheTrashMakesDocumentsAndVectorsSearchableAgain() {
        UserScope scope = newScope();
        KnowledgeBase knowledgeBase = newKnowledgeBase(scope);
        IngestResult ingested = ingestText(scope, knowledgeBase, "kingfisher.txt", TEXT);
        scope.knowledgeBases().delete(knowledgeBase.id());
        assertThat(hits(scope, SearchMode.VECTOR)).isEmpty();
        assertThat(scope.documents().list(DocumentQuery.all(), PageRequest.first(10)).items()).isEmpty();

        KnowledgeBase restored = scope.knowledgeBases().restore(
                scope.knowledgeBases().listDeleted(PageRequest.first(10)).items().get(0).id());

        assertThat(restored.id()).isEqualTo(knowledgeBase.id());
        assertThat(scope.knowledgeBases().listDeleted(PageRequest.first(10)).items()).isEmpty();
        assertThat(scope.documents().list(DocumentQuery.all(), PageRequest.first(10)).items())
                .extracting(d -> d.id()).containsExactly(ingested.document().id());
        assertThat(hits(scope, SearchMode.VECTOR)).containsExactly("kingfisher.txt");
    }

    @Test
    void restoringFromTheTrashBringsKeywordHitsBack() {
        UserScope scope = newScope();
        KnowledgeBase knowledgeBase = newKnowledgeBase(scope);
        Capabilities.assumeMode(scope, knowledgeBase.id(), SearchMode.KEYWORD);
        ingestText(scope, knowledgeBase, "kingfisher.txt", TEXT);
        scope.knowledgeBases().delete(knowledgeBase.id());
        assertThat(hits(scope, SearchMode.KEYWORD)).isEmpty();

        scope.knowledgeBases().restore(knowledgeBase.id());

        assertThat(hits(scope, SearchMode.KEYWORD)).containsExactly("kingfisher.txt");
    }

    @Test
    void purgingFromTheTrashRemovesDocumentsVectorsAndLinksForGood() {
        UserScope scope = newScope();
        KnowledgeBase purged = newKnowledgeBase(scope);
        KnowledgeBase kept = newKnowledgeBase(scope);
        IngestResult gone = ingestText(scope, purged, "gone.txt", TEXT);
        IngestResult stays = ingestText(scope, kept, "stays.txt", "Herons stand still in shallow water.");
        ModelProfile profile = scope.models().create(unique("model"), "https://llm.example.test/v1", null, "", List.of());
        scope.models().linkDocument(profile.id(), gone.document().id());
        scope.models().linkDocument(profile.id(), stays.document().id());
        scope.knowledgeBases().delete(purged.id());

        scope.knowledgeBases().purge(purged.id());

        assertThat(scope.knowledgeBases().listDeleted(PageRequest.first(10)).items()).isEmpty();
        assertThatThrownBy(() -> scope.knowledgeBases().restore(purged.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> scope.documents().chunks(gone.document().id())).isInstanceOf(NotFoundException.class);
        assertThat(scope.models().linkedDocuments(profile.id(), PageRequest.first(10)).items())
                .extracting(d -> d.id()).containsExactly(stays.document().id());
        assertThat(hits(scope, SearchMode.VECTOR)).containsExactly("stays.txt");
        // the purged knowledge base's name and bytes are free again
        KnowledgeBase again = scope.knowledgeBases().create(purged.name(), "", Map.of());
        assertThat(scope.documents().ingest(again.id(), plainText("gone.txt", TEXT)).duplicate()).isFalse();
        assertThat(hits(scope, SearchMode.VECTOR)).containsExactlyInAnyOrder("stays.txt", "gone.txt");
    }

    @Test
    void anotherUsersTrashReadsAsNotFound() {
        UserScope owner = newScope();
        UserScope stranger = newScope();
        KnowledgeBase deleted = newKnowledgeBase(owner);
        ingestText(owner, deleted, "private.txt", TEXT);
        owner.knowledgeBases().delete(deleted.id());

        assertThat(stranger.knowledgeBases().listDeleted(PageRequest.first(10)).items()).isEmpty();
        assertThatThrownBy(() -> stranger.knowledgeBases().restore(deleted.id()))
                .isInstanceOf(NotFoundException.class).hasMessageContaining(deleted.id().toString());
        assertThatThrownBy(() -> stranger.knowledgeBases().purge(deleted.id())).isInstanceOf(NotFoundException.class);
        assertThat(owner.knowledgeBases().listDeleted(PageRequest.first(10)).items()).extracting(KnowledgeBase::id)
                .containsExactly(deleted.id());
    }

    private static List<String> hits(UserScope scope, SearchMode mode) {
        return KnowledgeBaseContract.fileNames(scope.search(SearchRequest.builder().text(TEXT).mode(mode).topK(10).build()));
    }
}
