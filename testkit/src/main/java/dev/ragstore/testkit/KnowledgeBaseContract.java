package dev.ragstore.testkit;

import dev.ragstore.core.UserScope;
import dev.ragstore.core.document.DocumentSource;
import dev.ragstore.core.document.IngestResult;
import dev.ragstore.core.error.ConflictException;
import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.knowledge.KnowledgeBaseStats;
import dev.ragstore.core.page.Page;
import dev.ragstore.core.page.PageRequest;
import dev.ragstore.core.search.SearchHit;
import dev.ragstore.core.search.SearchRequest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Contract of knowledge bases ({@link UserScope#knowledgeBases()}): creation bound to the store's
 * embedding space, look-up, keyset listing by id without skips or repeats, a unique name among
 * the user's live knowledge bases ({@code knowledge_base.name.unique}), updates, soft delete that
 * hides the knowledge base, its documents and its search hits at once, restore, purge that
 * removes everything for good, and exact stats.
 *
 * <p>Subclass it and implement {@link #newStore(StoreOptions)} (see {@link StoreContractSupport}).
 */
public abstract class KnowledgeBaseContract extends StoreContractSupport {

    private static final String TEXT = "Pelicans are large water birds with a distinctive pouch under the beak.";

    @Test
    void createdKnowledgeBaseIsBoundToTheStoreSpaceAndFound() {
        UserScope scope = newScope();
        Map<String, Object> metadata = Map.of("team", "search", "priority", 3L);

        KnowledgeBase created = scope.knowledgeBases().create("handbook", "the employee handbook", metadata);

        assertThat(created.ownerId()).isEqualTo(scope.userId());
        assertThat(created.name()).isEqualTo("handbook");
        assertThat(created.description()).isEqualTo("the employee handbook");
        assertThat(created.metadata()).isEqualTo(metadata);
        assertThat(created.embeddingSpace()).isEqualTo(store().space().name());
        assertThat(created.deleted()).isFalse();
        assertThat(created.createdAt()).isEqualTo(created.updatedAt());
        assertThat(scope.knowledgeBases().find(created.id())).contains(created);
        assertThat(scope.knowledgeBases().find(new KnowledgeBaseId(UUID.randomUUID()))).isEmpty();
    }

    @Test
    void listPagesByIdWithoutSkipsOrRepeats() {
        UserScope scope = newScope();
        List<KnowledgeBase> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            created.add(scope.knowledgeBases().create("kb " + i, "", Map.of()));
        }

        List<Page<KnowledgeBase>> pages = new ArrayList<>();
        PageRequest request = PageRequest.first(3);
        while (true) {
            Page<KnowledgeBase> page = scope.knowledgeBases().list(request);
            pages.add(page);
            if (!page.hasNext()) {
                break;
            }
            request = request.next(page.nextCursor());
        }

        assertThat(pages).extracting(p -> p.items().size()).containsExactly(3, 3, 1);
        assertThat(pages.stream().flatMap(p -> p.items().stream()).toList()).containsExactlyElementsOf(created);
        assertThat(scope.knowledgeBases().list(PageRequest.first(7)).hasNext()).isFalse();
        assertThat(scope.knowledgeBases().list(PageRequest.first(7)).items()).containsExactlyElementsOf(created);
    }

    @Test
    void nameIsUniqueAmongTheUsersLiveKnowledgeBases() {
        UserScope scope = newScope();
        KnowledgeBase first = scope.knowledgeBases().create("docs", "", Map.of());

        assertThatThrownBy(() -> scope.knowledgeBases().create("docs", "again", Map.of()))
                .isInstanceOfSatisfying(ConflictException.class,
                        e -> assertThat(e.rule()).isEqualTo("knowledge_base.name.unique"))
                .hasMessageContaining("docs");
        assertThat(scope.knowledgeBases().list(PageRequest.first(10)).items()).containsExactly(first);

        KnowledgeBase otherUsers = newScope().knowledgeBases().create("docs", "", Map.of());
        assertThat(otherUsers.name()).isEqualTo("docs");

        scope.knowledgeBases().delete(first.id());
        KnowledgeBase reused = scope.knowledgeBases().create("docs", "after delete", Map.of());
        assertThat(reused.id()).isNotEqualTo(first.id());

        assertThatThrownBy(() -> scope.knowledgeBases().restore(first.id()))
                .isInstanceOfSatisfying(ConflictException.class,
                        e -> assertThat(e.rule()).isEqualTo("knowledge_base.name.unique"));
        assertThat(scope.knowledgeBases().find(first.id())).isEmpty();
    }

    @Test
    void racingCreationsOfOneNameLetExactlyOneWin() {
        UserScope scope = newScope();

        List<Object> outcomes = Concurrently.run(16, i -> () -> {
            try {
                return scope.knowledgeBases().create("contested", "racer " + i, Map.of());
            } catch (ConflictException e) {
                return e;
            }
        });

        assertThat(outcomes).filteredOn(KnowledgeBase.class::isInstance).hasSize(1);
        assertThat(outcomes).filteredOn(ConflictException.class::isInstance).hasSize(15)
                .allSatisfy(e -> assertThat(((ConflictException) e).rule()).isEqualTo("knowledge_base.name.unique"));
        assertThat(scope.knowledgeBases().list(PageRequest.first(100)).items()).hasSize(1);
    }

    @Test
    void updateReplacesNameDescriptionAndMetadata() {
        UserScope scope = newScope();
        KnowledgeBase created = scope.knowledgeBases().create("before", "old", Map.of("a", "1"));
        KnowledgeBase other = scope.knowledgeBases().create("taken", "", Map.of());

        KnowledgeBase updated = scope.knowledgeBases().update(created.id(), "after", "new", Map.of("b", true));

        assertThat(updated.id()).isEqualTo(created.id());
        assertThat(updated.name()).isEqualTo("after");
        assertThat(updated.description()).isEqualTo("new");
        assertThat(updated.metadata()).isEqualTo(Map.of("b", true));
        assertThat(updated.embeddingSpace()).isEqualTo(created.embeddingSpace());
        assertThat(updated.createdAt()).isEqualTo(created.createdAt());
        assertThat(updated.updatedAt()).isAfterOrEqualTo(created.updatedAt());
        assertThat(scope.knowledgeBases().find(created.id())).contains(updated);

        assertThatThrownBy(() -> scope.knowledgeBases().update(created.id(), other.name(), "", Map.of()))
                .isInstanceOfSatisfying(ConflictException.class,
                        e -> assertThat(e.rule()).isEqualTo("knowledge_base.name.unique"));
        assertThat(scope.knowledgeBases().find(created.id())).contains(updated);
        KnowledgeBaseId unknown = new KnowledgeBaseId(UUID.randomUUID());
        assertThatThrownBy(() -> scope.knowledgeBases().update(unknown, "x", "", Map.of()))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining(unknown.toString());
    }

    @Test
    void softDeleteHidesTheKnowledgeBaseItsDocumentsAndItsHitsAtOnce() {
        UserScope scope = newScope();
        KnowledgeBase doomed = newKnowledgeBase(scope);
        KnowledgeBase kept = newKnowledgeBase(scope);
        IngestResult hidden = ingestText(scope, doomed, "hidden.txt", TEXT);
        IngestResult visible = ingestText(scope, kept, "visible.txt", TEXT);
        assertThat(fileNames(scope.search(SearchRequest.builder().text(TEXT).topK(10).build())))
                .containsExactlyInAnyOrder("hidden.txt", "visible.txt");

        scope.knowledgeBases().delete(doomed.id());

        assertThat(scope.knowledgeBases().find(doomed.id())).isEmpty();
        assertThat(scope.knowledgeBases().list(PageRequest.first(10)).items()).extracting(KnowledgeBase::id)
                .containsExactly(kept.id());
        assertThat(scope.knowledgeBases().stats(doomed.id())).isEmpty();
        assertThat(scope.documents().find(hidden.document().id())).isEmpty();
        assertThat(scope.documents().find(visible.document().id())).isPresent();
        assertThat(fileNames(scope.search(SearchRequest.builder().text(TEXT).topK(10).build())))
                .containsExactly("visible.txt");
        assertThatThrownBy(() -> scope.search(SearchRequest.builder().text(TEXT).knowledgeBase(doomed.id()).build()))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining(doomed.id().toString());
        assertThatThrownBy(() -> scope.documents().ingest(doomed.id(), plainText("late.txt", "too late")))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> scope.knowledgeBases().delete(doomed.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> scope.knowledgeBases().update(doomed.id(), "x", "", Map.of()))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void anUpdateRacingASoftDeleteNeverBringsTheKnowledgeBaseBack() {
        UserScope scope = newScope();
        int pairs = 8;
        for (int round = 0; round < 5; round++) {
            List<KnowledgeBase> bases = new ArrayList<>();
            for (int i = 0; i < pairs; i++) {
                bases.add(newKnowledgeBase(scope));
            }

            List<Object> outcomes = Concurrently.run(2 * pairs, i -> () -> {
                KnowledgeBase base = bases.get(i / 2);
                if (i % 2 == 1) {
                    scope.knowledgeBases().delete(base.id());
                    return "deleted";
                }
                try {
                    return scope.knowledgeBases().update(base.id(), base.name() + "-renamed", "renamed", Map.of("r", 1L));
                } catch (NotFoundException e) {
                    return e;
                }
            });

            for (int i = 0; i < pairs; i++) {
                KnowledgeBase base = bases.get(i);
                assertThat(scope.knowledgeBases().find(base.id())).as("round %d, knowledge base %d after update and delete: "
                        + "the delete succeeded, so it must stay deleted (update gave %s)", round, i, outcomes.get(2 * i))
                        .isEmpty();
                assertThat(scope.knowledgeBases().list(PageRequest.first(100)).items()).extracting(KnowledgeBase::id)
                        .doesNotContain(base.id());
            }
        }
    }

    @Test
    void restoreBringsTheKnowledgeBaseAndItsHitsBack() {
        UserScope scope = newScope();
        KnowledgeBase knowledgeBase = newKnowledgeBase(scope);
        IngestResult ingested = ingestText(scope, knowledgeBase, "back.txt", TEXT);
        scope.knowledgeBases().delete(knowledgeBase.id());

        KnowledgeBase restored = scope.knowledgeBases().restore(knowledgeBase.id());

        assertThat(restored.deleted()).isFalse();
        assertThat(restored.name()).isEqualTo(knowledgeBase.name());
        assertThat(scope.knowledgeBases().find(knowledgeBase.id())).contains(restored);
        assertThat(scope.documents().find(ingested.document().id())).isPresent();
        assertThat(fileNames(scope.search(SearchRequest.builder().text(TEXT).knowledgeBase(knowledgeBase.id()).build())))
                .containsExactly("back.txt");
        assertThatThrownBy(() -> scope.knowledgeBases().restore(knowledgeBase.id()))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> scope.knowledgeBases().restore(new KnowledgeBaseId(UUID.randomUUID())))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void purgeRemovesTheKnowledgeBaseWithItsDocumentsForGood() {
        UserScope scope = newScope();
        KnowledgeBase live = newKnowledgeBase(scope);
        KnowledgeBase softDeleted = newKnowledgeBase(scope);
        KnowledgeBase kept = newKnowledgeBase(scope);
        IngestResult fromLive = ingestText(scope, live, "live.txt", TEXT);
        IngestResult fromDeleted = ingestText(scope, softDeleted, "deleted.txt", TEXT);
        ingestText(scope, kept, "kept.txt", TEXT);
        scope.knowledgeBases().delete(softDeleted.id());

        scope.knowledgeBases().purge(live.id());
        scope.knowledgeBases().purge(softDeleted.id());

        for (KnowledgeBase purged : List.of(live, softDeleted)) {
            assertThat(scope.knowledgeBases().find(purged.id())).isEmpty();
            assertThatThrownBy(() -> scope.knowledgeBases().restore(purged.id())).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> scope.knowledgeBases().purge(purged.id())).isInstanceOf(NotFoundException.class);
        }
        for (IngestResult gone : List.of(fromLive, fromDeleted)) {
            assertThat(scope.documents().find(gone.document().id())).isEmpty();
            assertThatThrownBy(() -> scope.documents().chunks(gone.document().id())).isInstanceOf(NotFoundException.class);
        }
        assertThat(fileNames(scope.search(SearchRequest.builder().text(TEXT).topK(10).build())))
                .containsExactly("kept.txt");
        KnowledgeBase sameName = scope.knowledgeBases().create(live.name(), "", Map.of());
        assertThat(scope.documents().ingest(sameName.id(), plainText("again.txt", TEXT)).duplicate()).isFalse();
    }

    @Test
    void statsCountDocumentsChunksPagesAndBytesExactly() {
        UserScope scope = newScope();
        KnowledgeBase knowledgeBase = newKnowledgeBase(scope);
        assertThat(scope.knowledgeBases().stats(knowledgeBase.id()))
                .contains(new KnowledgeBaseStats(knowledgeBase.id(), 0, 0, 0, 0));
        String longText = Texts.paragraphs(12);
        IngestResult plain = ingestText(scope, knowledgeBase, "long.txt", longText);
        byte[] paged = PagedTextExtractor.source(List.of("First page text.", "Second page text.", "Third page text."));
        IngestResult pages = scope.documents().ingest(knowledgeBase.id(),
                DocumentSource.builder("paged.txt", PagedTextExtractor.MIME_TYPE, paged).build());
        ingestText(scope, knowledgeBase, "copy.txt", longText);

        long chunks = scope.documents().chunks(plain.document().id()).size()
                + scope.documents().chunks(pages.document().id()).size();
        assertThat(plain.document().pages()).isZero();
        assertThat(pages.document().pages()).isEqualTo(3);
        assertThat(scope.knowledgeBases().stats(knowledgeBase.id())).contains(new KnowledgeBaseStats(knowledgeBase.id(),
                2, chunks, 3, plain.document().sizeBytes() + paged.length));
        assertThat(plain.document().sizeBytes()).isEqualTo(longText.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        assertThat(scope.knowledgeBases().stats(new KnowledgeBaseId(UUID.randomUUID()))).isEmpty();
    }

    static List<String> fileNames(List<SearchHit> hits) {
        return hits.stream().map(SearchHit::fileName).toList();
    }
}
