package dev.ragstore.testkit;

import dev.ragstore.core.RagStore;
import dev.ragstore.core.UserScope;
import dev.ragstore.core.chunk.Chunk;
import dev.ragstore.core.chunk.ChunkId;
import dev.ragstore.core.chunk.Embedding;
import dev.ragstore.core.document.ChunkUpsert;
import dev.ragstore.core.document.Document;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.document.DocumentStatus;
import dev.ragstore.core.document.DocumentUpsert;
import dev.ragstore.core.document.IngestResult;
import dev.ragstore.core.document.UpsertResult;
import dev.ragstore.core.error.ConflictException;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.filter.BuiltInField;
import dev.ragstore.core.filter.Filter;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.knowledge.KnowledgeBaseStats;
import dev.ragstore.core.page.PageRequest;
import dev.ragstore.core.search.SearchHit;
import dev.ragstore.core.search.SearchRequest;
import dev.ragstore.core.spi.HashingEmbedder;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Contract of the facade's writes beyond ingestion: {@code documents().upsert} with precomputed
 * single and multi vectors and caller ids (upserting an id again replaces the document; bad input
 * leaves the store unchanged), re-ingesting the same bytes with new metadata (filters see the new
 * value), a multi-vector {@link dev.ragstore.core.spi.MultiVectorEmbedder} for ingest,
 * {@code documents().deleteWhere} and {@code knowledgeBases().clear}. Multi-vector cases abort
 * (reported as not applicable) when the store's vector index lacks multi-vector search, and the
 * cases that check the refusal abort when it has it.
 *
 * <p>Subclass it and implement {@link #newStore(StoreOptions)} (see {@link StoreContractSupport});
 * the multi-vector ingest case opens a second store with a {@link TokenVectorEmbedder}, so the
 * factory must honour the options' embedder.
 */
public abstract class DocumentWriteContract extends StoreContractSupport {

    /** A unit vector of the kit's dimension with its weight on axis {@code axis} (orthogonal to every other axis). */
    private static Embedding axis(int axis) {
        float[] values = new float[DIMENSION];
        values[axis] = 1;
        return Embedding.of(values);
    }

    /** A unit vector between two axes. */
    private static Embedding between(int a, int b) {
        float[] values = new float[DIMENSION];
        values[a] = 0.6f;
        values[b] = 0.8f;
        return Embedding.of(values);
    }

    private static List<SearchHit> byVector(UserScope scope, KnowledgeBaseId knowledgeBase, Embedding vector, int topK) {
        return scope.search(SearchRequest.builder().vector(vector).knowledgeBase(knowledgeBase).topK(topK).build());
    }

    private static List<SearchHit> byFilter(UserScope scope, KnowledgeBaseId knowledgeBase, String text, Filter filter) {
        return scope.search(SearchRequest.builder().text(text).knowledgeBase(knowledgeBase).filter(filter).topK(100).build());
    }

    private static List<Document> documentsOf(UserScope scope, KnowledgeBaseId knowledgeBase) {
        return scope.documents().list(knowledgeBase, PageRequest.first(100)).items();
    }

    // ---- upsert ----

    @Test
    void upsertStoresPrecomputedVectorsUnderTheCallersIds() {
        UserScope scope = newScope();
        KnowledgeBase knowledgeBase = newKnowledgeBase(scope);
        DocumentId documentId = new DocumentId(UUID.randomUUID());
        ChunkId first = new ChunkId(UUID.randomUUID());
        ChunkId second = new ChunkId(UUID.randomUUID());
        long documentsToday = scope.usage().today().documents();

        UpsertResult result = scope.documents().upsert(knowledgeBase.id(), DocumentUpsert.builder()
                .id(documentId).fileName("faq.md").mimeType("text/markdown").metadata(Map.of("lang", "en", "tier", "gold"))
                .chunk(ChunkUpsert.builder("How do I reset my password?").id(first).vector(axis(1)).page(2)
                        .metadata(Map.of("tier", "silver", "section", 7L)).build())
                .chunk(ChunkUpsert.of("Where are invoices kept?", axis(2)))
                .build());

        assertThat(result.replaced()).isFalse();
        assertThat(result.document().id()).isEqualTo(documentId);
        assertThat(result.document().status()).isEqualTo(DocumentStatus.COMPLETED);
        assertThat(result.document().fileName()).isEqualTo("faq.md");
        assertThat(result.document().mimeType()).isEqualTo("text/markdown");
        assertThat(result.document().metadata()).isEqualTo(Map.of("lang", "en", "tier", "gold"));
        assertThat(result.chunkIds()).hasSize(2).startsWith(first).doesNotHaveDuplicates();
        assertThat(scope.documents().find(documentId)).contains(result.document());
        List<Chunk> chunks = scope.documents().chunks(documentId);
        assertThat(chunks).extracting(Chunk::id).containsExactlyElementsOf(result.chunkIds());
        assertThat(chunks).extracting(Chunk::text).containsExactly("How do I reset my password?", "Where are invoices kept?");
        assertThat(chunks.get(0).page()).isEqualTo(2);
        assertThat(chunks.get(0).metadata()).isEqualTo(Map.of("lang", "en", "tier", "silver", "section", 7L));
        assertThat(chunks.get(1).metadata()).isEqualTo(Map.of("lang", "en", "tier", "gold"));
        assertThat(scope.usage().today().documents()).isEqualTo(documentsToday + 1);

        List<SearchHit> hits = byVector(scope, knowledgeBase.id(), axis(1), 2);
        assertThat(hits).extracting(h -> h.chunk().id()).containsExactly(first, result.chunkIds().get(1));
        assertThat(hits.get(0).score()).isCloseTo(1.0, within(1e-4));
        assertThat(hits.get(0).fileName()).isEqualTo("faq.md");
        assertThat(byFilter(scope, knowledgeBase.id(), "invoices password", Filter.eq("tier", "silver")))
                .extracting(h -> h.chunk().id()).containsExactly(first);
        assertThat(byFilter(scope, knowledgeBase.id(), "invoices password", Filter.eq("section", 7L)))
                .extracting(h -> h.chunk().id()).containsExactly(first);
    }

    @Test
    void upsertingAnIdAgainReplacesTheDocument() {
        UserScope scope = newScope();
        KnowledgeBase knowledgeBase = newKnowledgeBase(scope);
        DocumentId documentId = new DocumentId(UUID.randomUUID());
        UpsertResult old = scope.documents().upsert(knowledgeBase.id(), DocumentUpsert.builder().id(documentId)
                .fileName("v1.txt").metadata(Map.of("version", 1L))
                .chunk(ChunkUpsert.of("The first version speaks of lighthouses.", axis(3)))
                .chunk(ChunkUpsert.of("It also speaks of harbours.", axis(4)))
                .build());
        UpsertResult other = scope.documents().upsert(knowledgeBase.id(), DocumentUpsert.builder()
                .chunk(ChunkUpsert.of("Another document about orchards.", between(10, 11))).build());

        UpsertResult replacement = scope.documents().upsert(knowledgeBase.id(), DocumentUpsert.builder().id(documentId)
                .fileName("v2.txt").metadata(Map.of("version", 2L))
                .chunk(ChunkUpsert.of("The second version speaks of vineyards.", axis(5)))
                .build());

        assertThat(replacement.replaced()).isTrue();
        assertThat(replacement.document().id()).isEqualTo(documentId);
        assertThat(scope.documents().find(documentId)).hasValueSatisfying(d -> {
            assertThat(d.fileName()).isEqualTo("v2.txt");
            assertThat(d.metadata()).isEqualTo(Map.of("version", 2L));
        });
        assertThat(scope.documents().chunks(documentId)).extracting(Chunk::text)
                .containsExactly("The second version speaks of vineyards.");
        assertThat(documentsOf(scope, knowledgeBase.id())).extracting(Document::id)
                .containsExactlyInAnyOrder(documentId, other.document().id());
        assertThat(scope.knowledgeBases().stats(knowledgeBase.id())).hasValueSatisfying(s -> {
            assertThat(s.documents()).isEqualTo(2);
            assertThat(s.chunks()).isEqualTo(2);
        });
        // the old chunks' vectors are gone: their axes find only the other documents' chunks
        assertThat(byVector(scope, knowledgeBase.id(), axis(3), 10)).extracting(h -> h.chunk().id())
                .doesNotContainAnyElementsOf(old.chunkIds())
                .containsExactlyInAnyOrder(replacement.chunkIds().get(0), other.chunkIds().get(0));
        assertThat(byVector(scope, knowledgeBase.id(), axis(5), 1)).extracting(h -> h.chunk().id())
                .containsExactly(replacement.chunkIds().get(0));
        assertThat(byFilter(scope, knowledgeBase.id(), "version speaks", Filter.eq("version", 1L))).isEmpty();
        assertThat(byFilter(scope, knowledgeBase.id(), "version speaks", Filter.eq("version", 2L)))
                .extracting(h -> h.chunk().id()).containsExactly(replacement.chunkIds().get(0));
    }

    @Test
    void upsertingWithTheSameChunkIdsReplacesTheirTextAndVectors() {
        UserScope scope = newScope();
        KnowledgeBase knowledgeBase = newKnowledgeBase(scope);
        DocumentId documentId = new DocumentId(UUID.randomUUID());
        ChunkId chunkId = new ChunkId(UUID.randomUUID());
        scope.documents().upsert(knowledgeBase.id(), DocumentUpsert.builder().id(documentId)
                .chunk(ChunkUpsert.builder("Old text of a segment.").id(chunkId).vector(axis(6)).build()).build());

        scope.documents().upsert(knowledgeBase.id(), DocumentUpsert.builder().id(documentId)
                .chunk(ChunkUpsert.builder("New text of the segment.").id(chunkId).vector(axis(7)).build()).build());

        assertThat(scope.documents().chunks(documentId)).singleElement()
                .satisfies(c -> assertThat(c.text()).isEqualTo("New text of the segment."));
        assertThat(byVector(scope, knowledgeBase.id(), axis(7), 1)).singleElement().satisfies(h -> {
            assertThat(h.chunk().id()).isEqualTo(chunkId);
            assertThat(h.score()).isCloseTo(1.0, within(1e-4));
        });
        assertThat(byVector(scope, knowledgeBase.id(), axis(6), 1)).singleElement()
                .satisfies(h -> assertThat(h.score()).isCloseTo(0.0, within(1e-4)));
    }

    @Test
    void multiVectorChunksAreScoredByTheirBestVector() {
        UserScope scope = newScope();
        KnowledgeBase knowledgeBase = newKnowledgeBase(scope);
        Capabilities.assumeMultiVector(scope, knowledgeBase.id(), DIMENSION);
        UpsertResult result = scope.documents().upsert(knowledgeBase.id(), DocumentUpsert.builder()
                .chunk(ChunkUpsert.builder("A page of ColBERT tokens.").vectors(List.of(axis(1), axis(2), axis(3))).build())
                .chunk(ChunkUpsert.of("A single-vector neighbour.", between(2, 9)))
                .build());

        List<SearchHit> hits = byVector(scope, knowledgeBase.id(), axis(2), 2);

        assertThat(hits).extracting(h -> h.chunk().id()).containsExactlyElementsOf(result.chunkIds());
        assertThat(hits.get(0).score()).isCloseTo(1.0, within(1e-4));
        assertThat(hits.get(1).score()).isCloseTo(0.6, within(1e-4));
        List<SearchHit> late = scope.search(SearchRequest.builder().vectors(List.of(axis(1), axis(3)))
                .knowledgeBase(knowledgeBase.id()).topK(1).build());
        assertThat(late).extracting(h -> h.chunk().id()).containsExactly(result.chunkIds().get(0));
    }

    @Test
    void severalVectorsAreRefusedByAnIndexWithoutMultiVectorSearch() {
        UserScope scope = newScope();
        KnowledgeBase knowledgeBase = newKnowledgeBase(scope);
        Assumptions.assumeFalse(Capabilities.multiVector(scope, knowledgeBase.id(), DIMENSION),
                "not applicable: the vector index has multi-vector search");

        assertInvalidInput(() -> scope.documents().upsert(knowledgeBase.id(), DocumentUpsert.builder()
                .chunk(ChunkUpsert.of("Fine.", axis(1)))
                .chunk(ChunkUpsert.builder("Two vectors.").vectors(List.of(axis(1), axis(2))).build()).build()),
                "chunks[1].vectors", "multi-vector");
        assertThat(documentsOf(scope, knowledgeBase.id())).isEmpty();
        assertInvalidInput(() -> open(defaultOptions().withEmbedder(new TokenVectorEmbedder(HashingEmbedder.create(DIMENSION)))),
                "embedder", "multi-vector");
    }

    @Test
    void badInputIsRejectedAndLeavesTheStoreUnchanged() {
        UserScope scope = newScope();
        KnowledgeBase knowledgeBase = newKnowledgeBase(scope);
        DocumentId documentId = new DocumentId(UUID.randomUUID());
        UpsertResult kept = scope.documents().upsert(knowledgeBase.id(), DocumentUpsert.builder().id(documentId)
                .metadata(Map.of("state", "kept")).chunk(ChunkUpsert.of("The kept text.", axis(8))).build());
        long documentsToday = scope.usage().today().documents();
        float[] big = new float[DIMENSION];
        big[0] = 3e38f;

        assertInvalidInput(() -> scope.documents().upsert(knowledgeBase.id(), DocumentUpsert.builder().id(documentId)
                .chunk(ChunkUpsert.of("Good chunk.", axis(9)))
                .chunk(ChunkUpsert.of("Short vector.", Embedding.of(1f, 0f, 0f))).build()),
                "chunks[1].vectors[0] dimension", String.valueOf(DIMENSION), "3");
        assertInvalidInput(() -> scope.documents().upsert(knowledgeBase.id(), DocumentUpsert.builder().id(documentId)
                .chunk(ChunkUpsert.of("Overflowing vector.", Embedding.of(big))).build()),
                "chunks[0].vectors[0]", "vector.norm");
        assertInvalidInput(() -> Embedding.of(1f, Float.NaN), "embedding[1]", "finite");
        assertInvalidInput(() -> ChunkUpsert.builder("No vector.").build(), "chunk vectors");
        assertInvalidInput(() -> DocumentUpsert.builder().build(), "document chunks");
        ChunkId repeated = new ChunkId(UUID.randomUUID());
        assertInvalidInput(() -> DocumentUpsert.builder()
                .chunk(ChunkUpsert.builder("a").id(repeated).vector(axis(1)).build())
                .chunk(ChunkUpsert.builder("b").id(repeated).vector(axis(2)).build()).build(), "chunk id", "unique");
        assertThatThrownBy(() -> scope.documents().upsert(new KnowledgeBaseId(UUID.randomUUID()), DocumentUpsert.builder()
                .chunk(ChunkUpsert.of("Nowhere.", axis(1))).build())).isInstanceOf(NotFoundException.class);

        assertThat(documentsOf(scope, knowledgeBase.id())).containsExactly(kept.document());
        assertThat(scope.documents().chunks(documentId)).extracting(Chunk::id).containsExactlyElementsOf(kept.chunkIds());
        assertThat(scope.usage().today().documents()).isEqualTo(documentsToday);
        assertThat(byVector(scope, knowledgeBase.id(), axis(8), 1)).singleElement()
                .satisfies(h -> assertThat(h.chunk().id()).isEqualTo(kept.chunkIds().get(0)));
    }

    @Test
    void idsOfOtherDocumentsAreConflictsAndWriteNothing() {
        UserScope scope = newScope();
        KnowledgeBase knowledgeBase = newKnowledgeBase(scope);
        KnowledgeBase elsewhere = newKnowledgeBase(scope);
        UpsertResult existing = scope.documents().upsert(elsewhere.id(), DocumentUpsert.builder()
                .chunk(ChunkUpsert.of("Lives in another knowledge base.", axis(1))).build());

        assertThatThrownBy(() -> scope.documents().upsert(knowledgeBase.id(), DocumentUpsert.builder()
                .id(existing.document().id()).chunk(ChunkUpsert.of("Moved?", axis(2))).build()))
                .isInstanceOf(ConflictException.class).hasMessageContaining(existing.document().id().toString());
        assertThatThrownBy(() -> scope.documents().upsert(knowledgeBase.id(), DocumentUpsert.builder()
                .chunk(ChunkUpsert.builder("Stolen chunk id.").id(existing.chunkIds().get(0)).vector(axis(2)).build()).build()))
                .isInstanceOf(ConflictException.class).hasMessageContaining(existing.chunkIds().get(0).toString());

        assertThat(documentsOf(scope, knowledgeBase.id())).isEmpty();
        assertThat(scope.documents().chunks(existing.document().id())).extracting(Chunk::id)
                .containsExactlyElementsOf(existing.chunkIds());
    }

    @Test
    void anotherUsersDocumentIdIsNeitherReplacedNorRevealed() {
        UserScope owner = newScope();
        KnowledgeBase theirs = newKnowledgeBase(owner);
        UpsertResult existing = owner.documents().upsert(theirs.id(), DocumentUpsert.builder()
                .chunk(ChunkUpsert.of("Private text.", axis(1))).build());
        UserScope intruder = newScope();
        KnowledgeBase mine = newKnowledgeBase(intruder);

        assertThatThrownBy(() -> intruder.documents().upsert(mine.id(), DocumentUpsert.builder()
                .id(existing.document().id()).chunk(ChunkUpsert.of("Overwrite?", axis(2))).build()))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> intruder.documents().upsert(theirs.id(), DocumentUpsert.builder()
                .chunk(ChunkUpsert.of("Into their knowledge base?", axis(2))).build()))
                .isInstanceOf(NotFoundException.class);

        assertThat(owner.documents().chunks(existing.document().id())).extracting(Chunk::text).containsExactly("Private text.");
        assertThat(documentsOf(intruder, mine.id())).isEmpty();
    }

    // ---- re-ingest with new metadata ----

    @Test
    void reIngestingTheSameBytesWithNewMetadataReplacesItForFilters() {
        UserScope scope = newScope();
        KnowledgeBase knowledgeBase = newKnowledgeBase(scope);
        String text = "Quarterly report: the orchard yield rose by a third.";
        IngestResult first = scope.documents().ingest(knowledgeBase.id(), plainText("report.txt", text, Map.of("status", "draft")));

        IngestResult same = scope.documents().ingest(knowledgeBase.id(), plainText("report.txt", text, Map.of("status", "draft")));
        IngestResult second = scope.documents().ingest(knowledgeBase.id(), plainText("report.txt", text, Map.of("status", "final")));

        assertThat(same.duplicate()).isTrue();
        assertThat(second.duplicate()).isFalse();
        assertThat(second.document().id()).isEqualTo(first.document().id());
        assertThat(second.document().metadata()).isEqualTo(Map.of("status", "final"));
        assertThat(scope.documents().find(first.document().id())).hasValueSatisfying(d ->
                assertThat(d.metadata()).isEqualTo(Map.of("status", "final")));
        assertThat(scope.documents().chunks(first.document().id())).hasSize(first.chunks())
                .allSatisfy(c -> assertThat(c.metadata()).isEqualTo(Map.of("status", "final")));
        assertThat(documentsOf(scope, knowledgeBase.id())).hasSize(1);
        assertThat(byFilter(scope, knowledgeBase.id(), text, Filter.eq("status", "final"))).hasSize(first.chunks());
        assertThat(byFilter(scope, knowledgeBase.id(), text, Filter.eq("status", "draft"))).isEmpty();
        assertThat(scope.documents().ingest(knowledgeBase.id(), plainText("report.txt", text, Map.of("status", "final")))
                .duplicate()).isTrue();
    }

    // ---- multi-vector embedder ----

    @Test
    void multiVectorEmbedderIngestsTokenVectorsAndQueriesWithThem() {
        UserScope probe = newScope();
        Capabilities.assumeMultiVector(probe, newKnowledgeBase(probe).id(), DIMENSION);
        RagStore store = open(defaultOptions().withEmbedder(new TokenVectorEmbedder(HashingEmbedder.create(DIMENSION))));
        UserScope scope = store.forUser(newUser(store));
        KnowledgeBase knowledgeBase = newKnowledgeBase(scope);
        IngestResult lighthouse = ingestText(scope, knowledgeBase, "keeper.txt",
                "The keeper climbs the lighthouse stairs every evening to light the lamp.");
        ingestText(scope, knowledgeBase, "orchard.txt", "Apples ripen slowly in the northern orchard before the frost.");

        List<SearchHit> hits = scope.search(SearchRequest.builder().text("lighthouse").knowledgeBase(knowledgeBase.id())
                .topK(2).build());

        assertThat(hits).isNotEmpty();
        assertThat(hits.get(0).chunk().documentId()).isEqualTo(lighthouse.document().id());
        // MaxSim over token vectors: the query word is one of the chunk's tokens
        assertThat(hits.get(0).score()).isCloseTo(1.0, within(1e-4));
        if (hits.size() > 1) {
            assertThat(hits.get(1).score()).isLessThan(0.99);
        }
    }

    // ---- deleteWhere and clear ----

    @Test
    void deleteWhereDeletesTheMatchingDocumentsWithTheirVectors() {
        UserScope scope = newScope();
        KnowledgeBase knowledgeBase = newKnowledgeBase(scope);
        KnowledgeBase other = newKnowledgeBase(scope);
        IngestResult a = scope.documents().ingest(knowledgeBase.id(), plainText("a.txt", "Alpha notes on tides.", Map.of("team", "red")));
        IngestResult b = scope.documents().ingest(knowledgeBase.id(), plainText("b.txt", "Beta notes on tides.", Map.of("team", "red")));
        IngestResult c = scope.documents().ingest(knowledgeBase.id(), plainText("c.txt", "Gamma notes on tides.", Map.of("team", "blue")));
        UpsertResult d = scope.documents().upsert(knowledgeBase.id(), DocumentUpsert.builder().metadata(Map.of("team", "blue"))
                .chunk(ChunkUpsert.builder("Delta notes on tides.").vector(axis(4)).metadata(Map.of("team", "red")).build())
                .build());
        IngestResult elsewhere = scope.documents().ingest(other.id(), plainText("e.txt", "Epsilon notes on tides.", Map.of("team", "red")));

        int deleted = scope.documents().deleteWhere(knowledgeBase.id(), Filter.eq("team", "red"));

        assertThat(deleted).isEqualTo(3);
        assertThat(documentsOf(scope, knowledgeBase.id())).extracting(Document::id).containsExactly(c.document().id());
        assertThat(scope.documents().find(a.document().id())).isEmpty();
        assertThat(scope.documents().find(b.document().id())).isEmpty();
        assertThat(scope.documents().find(d.document().id())).isEmpty();
        assertThat(documentsOf(scope, other.id())).extracting(Document::id).containsExactly(elsewhere.document().id());
        assertThat(scope.search(SearchRequest.builder().text("notes on tides").knowledgeBase(knowledgeBase.id()).topK(10).build()))
                .extracting(h -> h.chunk().documentId()).containsOnly(c.document().id());
        assertThat(scope.knowledgeBases().stats(knowledgeBase.id())).hasValueSatisfying(s -> assertThat(s.documents()).isEqualTo(1));
        assertThat(scope.documents().deleteWhere(knowledgeBase.id(), Filter.eq("team", "red"))).isZero();
        assertThat(scope.documents().ingest(knowledgeBase.id(), plainText("a.txt", "Alpha notes on tides.", Map.of("team", "red")))
                .duplicate()).isFalse();
    }

    @Test
    void deleteWhereByDocumentIdsRemovesExactlyThoseDocuments() {
        UserScope scope = newScope();
        KnowledgeBase knowledgeBase = newKnowledgeBase(scope);
        DocumentId first = new DocumentId(UUID.randomUUID());
        DocumentId second = new DocumentId(UUID.randomUUID());
        DocumentId kept = new DocumentId(UUID.randomUUID());
        for (DocumentId id : List.of(first, second, kept)) {
            scope.documents().upsert(knowledgeBase.id(), DocumentUpsert.builder().id(id)
                    .chunk(ChunkUpsert.of("Segment " + id + ".", axis(3))).build());
        }

        int deleted = scope.documents().deleteWhere(knowledgeBase.id(),
                Filter.in(BuiltInField.DOCUMENT, first, second, new DocumentId(UUID.randomUUID())));

        assertThat(deleted).isEqualTo(2);
        assertThat(documentsOf(scope, knowledgeBase.id())).extracting(Document::id).containsExactly(kept);
        assertThat(byVector(scope, knowledgeBase.id(), axis(3), 10)).extracting(h -> h.chunk().documentId())
                .containsExactly(kept);
    }

    @Test
    void deleteWhereOnAnotherUsersKnowledgeBaseIsNotFoundAndDeletesNothing() {
        UserScope owner = newScope();
        KnowledgeBase theirs = newKnowledgeBase(owner);
        IngestResult kept = owner.documents().ingest(theirs.id(), plainText("x.txt", "Private tides.", Map.of("team", "red")));
        UserScope intruder = newScope();

        assertThatThrownBy(() -> intruder.documents().deleteWhere(theirs.id(), Filter.eq("team", "red")))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> intruder.knowledgeBases().clear(theirs.id())).isInstanceOf(NotFoundException.class);

        assertThat(documentsOf(owner, theirs.id())).extracting(Document::id).containsExactly(kept.document().id());
    }

    @Test
    void clearEmptiesTheKnowledgeBaseAndKeepsItsIdAndSettings() {
        UserScope scope = newScope();
        KnowledgeBase knowledgeBase = scope.knowledgeBases().create(unique("kb"), "kept description", Map.of("owner", "ops"));
        KnowledgeBase other = newKnowledgeBase(scope);
        String text = Texts.paragraphs(6);
        ingestText(scope, knowledgeBase, "one.txt", text);
        ingestText(scope, knowledgeBase, "two.txt", "A second document about kestrels.");
        scope.documents().upsert(knowledgeBase.id(), DocumentUpsert.builder().chunk(ChunkUpsert.of("Upserted.", axis(2))).build());
        IngestResult elsewhere = ingestText(scope, other, "three.txt", "Kestrels hover over the meadow.");

        int cleared = scope.knowledgeBases().clear(knowledgeBase.id());

        assertThat(cleared).isEqualTo(3);
        assertThat(scope.knowledgeBases().find(knowledgeBase.id())).hasValueSatisfying(kb -> {
            assertThat(kb.name()).isEqualTo(knowledgeBase.name());
            assertThat(kb.description()).isEqualTo("kept description");
            assertThat(kb.metadata()).isEqualTo(Map.of("owner", "ops"));
            assertThat(kb.embeddingSpace()).isEqualTo(knowledgeBase.embeddingSpace());
        });
        assertThat(scope.knowledgeBases().stats(knowledgeBase.id()))
                .contains(new KnowledgeBaseStats(knowledgeBase.id(), 0, 0, 0, 0));
        assertThat(documentsOf(scope, knowledgeBase.id())).isEmpty();
        assertThat(scope.search(SearchRequest.builder().text("kestrels").knowledgeBase(knowledgeBase.id()).topK(10).build())).isEmpty();
        assertThat(byVector(scope, knowledgeBase.id(), axis(2), 10)).isEmpty();
        assertThat(documentsOf(scope, other.id())).extracting(Document::id).containsExactly(elsewhere.document().id());
        assertThat(scope.knowledgeBases().clear(knowledgeBase.id())).isZero();
        IngestResult again = ingestText(scope, knowledgeBase, "one.txt", text);
        assertThat(again.duplicate()).isFalse();
        assertThat(scope.search(SearchRequest.builder().text(text.substring(0, 200)).knowledgeBase(knowledgeBase.id()).topK(1)
                .build())).singleElement().satisfies(h -> assertThat(h.chunk().documentId()).isEqualTo(again.document().id()));
    }
}
