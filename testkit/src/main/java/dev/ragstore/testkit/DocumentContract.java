package dev.ragstore.testkit;

import dev.ragstore.core.RagStore;
import dev.ragstore.core.UserScope;
import dev.ragstore.core.chat.ChatSession;
import dev.ragstore.core.chat.ChatSessionId;
import dev.ragstore.core.chunk.Chunk;
import dev.ragstore.core.chunk.ChunkId;
import dev.ragstore.core.document.Document;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.document.DocumentSource;
import dev.ragstore.core.document.DocumentStatus;
import dev.ragstore.core.document.IngestResult;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.knowledge.KnowledgeBaseStats;
import dev.ragstore.core.page.Page;
import dev.ragstore.core.page.PageRequest;
import dev.ragstore.core.search.SearchHit;
import dev.ragstore.core.search.SearchRequest;
import dev.ragstore.core.spi.ExtractedText;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Contract of documents and ingestion ({@link UserScope#documents()}): plain text, Markdown and
 * HTML sources end {@code COMPLETED} with the SHA-256 of their bytes, chunks whose char offsets
 * point exactly into the extracted text and cover all of it, and chunk pages taken from the
 * extracted pages; the same bytes in the same knowledge base return the same document
 * ({@code duplicate = true}, nothing new written), in another knowledge base they make a new one;
 * a failing embedder leaves the document {@code FAILED} with its error, and ingesting again
 * resumes it without duplicate chunks or vectors; progress is monotonic and ends at the total;
 * deletion removes the document, its chunks and its vectors; racing ingestions of the same
 * bytes make one document; bad sources are rejected before anything is written.
 *
 * <p>Subclass it and implement {@link #newStore(StoreOptions)} (see {@link StoreContractSupport});
 * some tests open a second store with a {@link FailingEmbedder}, so the factory must honour the
 * options' embedder.
 */
public abstract class DocumentContract extends StoreContractSupport {

    @Test
    void plainTextIsIngestedIntoChunksWithExactOffsets() {
        UserScope scope = newScope();
        KnowledgeBase knowledgeBase = newKnowledgeBase(scope);
        String text = Texts.paragraphs(30);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        Map<String, Object> metadata = Map.of("source", "unit", "year", 2024L);

        IngestResult result = scope.documents().ingest(knowledgeBase.id(),
                DocumentSource.builder("story.txt", "text/plain", bytes).metadata(metadata)
                        .storageUri("s3://bucket/story.txt").build());

        Document document = result.document();
        assertThat(result.duplicate()).isFalse();
        assertThat(document.status()).isEqualTo(DocumentStatus.COMPLETED);
        assertThat(document.errorMessage()).isNull();
        assertThat(document.ownerId()).isEqualTo(scope.userId());
        assertThat(document.knowledgeBaseId()).isEqualTo(knowledgeBase.id());
        assertThat(document.chatSessionId()).isNull();
        assertThat(document.fileName()).isEqualTo("story.txt");
        assertThat(document.mimeType()).isEqualTo("text/plain");
        assertThat(document.sizeBytes()).isEqualTo(bytes.length);
        assertThat(document.pages()).isZero();
        assertThat(document.contentHash()).isEqualTo(Texts.sha256(bytes));
        assertThat(document.extractedText()).isEqualTo(text);
        assertThat(document.storageUri()).isEqualTo("s3://bucket/story.txt");
        assertThat(document.embeddingModel()).isEqualTo(store().space().model());
        assertThat(document.metadata()).isEqualTo(metadata);
        assertThat(scope.documents().find(document.id())).contains(document);

        List<Chunk> chunks = scope.documents().chunks(document.id());
        assertThat(chunks).hasSize(result.chunks()).hasSizeGreaterThan(3);
        Texts.assertChunksCover(text, chunks);
        assertThat(chunks).allSatisfy(c -> {
            assertThat(c.documentId()).isEqualTo(document.id());
            assertThat(c.knowledgeBaseId()).isEqualTo(knowledgeBase.id());
            assertThat(c.ownerId()).isEqualTo(scope.userId());
            assertThat(c.page()).isNull();
            assertThat(c.tokenCount()).isPositive();
            assertThat(c.metadata()).isEqualTo(metadata);
        });
        assertThat(document.tokensUsed()).isEqualTo(chunks.stream().mapToLong(Chunk::tokenCount).sum());
    }

    @Test
    void markdownIsIngestedWithExactOffsets() {
        UserScope scope = newScope();
        String markdown = "# Release notes\n\nThe **parser** now handles `tables`.\n\n- faster ingestion\n- fewer bugs\n\n"
                + Texts.paragraphs(6);

        IngestResult result = scope.documents().ingest(newKnowledgeBase(scope).id(), DocumentSource.builder("notes.md",
                "text/markdown", markdown.getBytes(StandardCharsets.UTF_8)).build());

        assertThat(result.document().status()).isEqualTo(DocumentStatus.COMPLETED);
        String extracted = result.document().extractedText();
        assertThat(extracted).contains("Release notes", "parser", "tables", "faster ingestion", "Paragraph 6");
        Texts.assertChunksCover(extracted, scope.documents().chunks(result.document().id()));
    }

    @Test
    void htmlIsIngestedAsTextWithoutMarkup() {
        UserScope scope = newScope();
        String html = "<!DOCTYPE html><html><head><title>Guide</title><style>p { color: red; }</style></head>"
                + "<body><h1>Install</h1><p>Fish &amp; chips are &lt;great&gt;.</p><p>Second paragraph.</p>"
                + "<script>var hidden = 1;</script></body></html>";

        IngestResult result = scope.documents().ingest(newKnowledgeBase(scope).id(),
                DocumentSource.builder("guide.html", "text/html", html.getBytes(StandardCharsets.UTF_8)).build());

        assertThat(result.document().status()).isEqualTo(DocumentStatus.COMPLETED);
        String extracted = result.document().extractedText();
        assertThat(extracted).contains("Install", "Fish & chips are <great>.", "Second paragraph.")
                .doesNotContain("<p>", "<h1>", "&amp;", "var hidden", "color: red");
        Texts.assertChunksCover(extracted, scope.documents().chunks(result.document().id()));
    }

    @Test
    void pagedSourceGivesEachChunkThePageItStartsOn() {
        UserScope scope = newScope();
        List<String> pages = List.of(Texts.paragraphs(5), Texts.paragraphs(4), Texts.paragraphs(6));
        byte[] bytes = PagedTextExtractor.source(pages);

        IngestResult result = scope.documents().ingest(newKnowledgeBase(scope).id(),
                DocumentSource.builder("book.txt", PagedTextExtractor.MIME_TYPE, bytes).build());

        ExtractedText expected = PagedTextExtractor.extractText(new String(bytes, StandardCharsets.UTF_8));
        assertThat(result.document().pages()).isEqualTo(3);
        assertThat(result.document().extractedText()).isEqualTo(expected.text());
        List<Chunk> chunks = scope.documents().chunks(result.document().id());
        Texts.assertChunksCover(expected.text(), chunks);
        assertThat(chunks).allSatisfy(c -> assertThat(c.page()).isEqualTo(expected.pageAt(c.charStart())));
        assertThat(chunks).extracting(Chunk::page).contains(1, 2, 3);
    }

    @Test
    void sameBytesInTheSameKnowledgeBaseReturnTheSameDocument() {
        UserScope scope = newScope();
        KnowledgeBase knowledgeBase = newKnowledgeBase(scope);
        String text = Texts.paragraphs(8);
        IngestResult first = ingestText(scope, knowledgeBase, "first.txt", text);
        List<Chunk> chunks = scope.documents().chunks(first.document().id());
        long documentsToday = scope.usage().today().documents();

        IngestResult second = ingestText(scope, knowledgeBase, "renamed copy.txt", text);

        assertThat(second.duplicate()).isTrue();
        assertThat(second.document().id()).isEqualTo(first.document().id());
        assertThat(second.document().fileName()).isEqualTo("first.txt");
        assertThat(second.chunks()).isEqualTo(first.chunks());
        assertThat(scope.documents().chunks(first.document().id())).isEqualTo(chunks);
        assertThat(scope.documents().list(knowledgeBase.id(), PageRequest.first(10)).items())
                .extracting(Document::id).containsExactly(first.document().id());
        assertThat(scope.usage().today().documents()).isEqualTo(documentsToday);
        assertThat(hitsFor(scope, knowledgeBase.id(), text)).hasSize(chunks.size());
    }

    @Test
    void sameBytesInAnotherKnowledgeBaseMakeANewDocument() {
        UserScope scope = newScope();
        String text = Texts.paragraphs(3);
        IngestResult first = ingestText(scope, newKnowledgeBase(scope), "a.txt", text);

        IngestResult second = ingestText(scope, newKnowledgeBase(scope), "a.txt", text);

        assertThat(second.duplicate()).isFalse();
        assertThat(second.document().id()).isNotEqualTo(first.document().id());
        assertThat(second.document().contentHash()).isEqualTo(first.document().contentHash());
        assertThat(second.chunks()).isEqualTo(first.chunks());
    }

    @Test
    void racingIngestionsOfTheSameBytesMakeOneDocumentWithoutDuplicateChunks() {
        UserScope scope = newScope();
        KnowledgeBase knowledgeBase = newKnowledgeBase(scope);
        String text = Texts.paragraphs(10);
        long documentsBefore = scope.usage().today().documents();

        List<IngestResult> results = Concurrently.run(8, i -> () -> ingestText(scope, knowledgeBase, "same.txt", text));

        assertThat(results).extracting(r -> r.document().id()).containsOnly(results.get(0).document().id());
        assertThat(results).filteredOn(r -> !r.duplicate()).hasSize(1);
        assertThat(results).allSatisfy(r -> assertThat(r.chunks()).isEqualTo(results.get(0).chunks()));
        List<Chunk> chunks = scope.documents().chunks(results.get(0).document().id());
        assertThat(chunks).hasSize(results.get(0).chunks());
        Texts.assertChunksCover(text, chunks);
        assertThat(hitsFor(scope, knowledgeBase.id(), text)).hasSize(chunks.size());
        assertThat(scope.documents().find(results.get(0).document().id()).orElseThrow().status())
                .isEqualTo(DocumentStatus.COMPLETED);
        assertThat(scope.usage().today().documents()).isEqualTo(documentsBefore + 1);
    }

    @Test
    void newDocumentCountsOnceInTodaysUsage() {
        UserScope scope = newScope();
        KnowledgeBase knowledgeBase = newKnowledgeBase(scope);
        long before = scope.usage().today().documents();

        ingestText(scope, knowledgeBase, "one.txt", "one document");
        ingestText(scope, knowledgeBase, "two.txt", "another document");

        assertThat(scope.usage().today().documents()).isEqualTo(before + 2);
    }

    @Test
    void failedIngestionIsRecordedAndIngestingAgainResumesWithoutDuplicates() {
        FailingEmbedder embedder = FailingEmbedder.failingAfter(defaultOptions().embedder(), 1, 1, 2);
        RagStore failing = open(defaultOptions().withEmbedder(embedder));
        UserScope scope = failing.forUser(newUser(failing));
        KnowledgeBase knowledgeBase = newKnowledgeBase(scope);
        String text = Texts.paragraphs(20);

        assertThatThrownBy(() -> ingestText(scope, knowledgeBase, "flaky.txt", text))
                .satisfies(e -> assertThat(Texts.causes(e)).anyMatch(c -> c instanceof FailingEmbedder.InjectedFailure));

        List<Document> listed = scope.documents().list(knowledgeBase.id(), PageRequest.first(10)).items();
        assertThat(listed).singleElement().satisfies(d -> {
            assertThat(d.status()).isEqualTo(DocumentStatus.FAILED);
            assertThat(d.errorMessage()).contains(FailingEmbedder.FAILURE_MESSAGE);
            assertThat(d.fileName()).isEqualTo("flaky.txt");
        });

        IngestResult resumed = ingestText(scope, knowledgeBase, "flaky.txt", text);

        assertThat(resumed.duplicate()).isFalse();
        assertThat(resumed.document().id()).isEqualTo(listed.get(0).id());
        assertThat(resumed.document().status()).isEqualTo(DocumentStatus.COMPLETED);
        assertThat(resumed.document().errorMessage()).isNull();
        List<Chunk> chunks = scope.documents().chunks(resumed.document().id());
        assertThat(chunks).hasSize(resumed.chunks()).hasSizeGreaterThan(4);
        Texts.assertChunksCover(text, chunks);
        assertThat(chunks).extracting(Chunk::index).containsExactlyElementsOf(
                java.util.stream.IntStream.range(0, chunks.size()).boxed().toList());
        List<ChunkId> hitIds = hitsFor(scope, knowledgeBase.id(), text).stream().map(h -> h.chunk().id()).toList();
        assertThat(hitIds).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(chunks.stream().map(Chunk::id).toList());
        assertThat(scope.documents().list(knowledgeBase.id(), PageRequest.first(10)).items()).hasSize(1);
        assertThat(scope.knowledgeBases().stats(knowledgeBase.id()).orElseThrow().chunks()).isEqualTo(chunks.size());
    }

    @Test
    void failureAtTheFirstBatchIsRecordedAndResumed() {
        RagStore failing = open(defaultOptions().withEmbedder(FailingEmbedder.failingFirst(defaultOptions().embedder(), 1)));
        UserScope scope = failing.forUser(newUser(failing));
        KnowledgeBase knowledgeBase = newKnowledgeBase(scope);

        assertThatThrownBy(() -> ingestText(scope, knowledgeBase, "once.txt", "short text that fails once"))
                .satisfies(e -> assertThat(Texts.causes(e)).anyMatch(c -> c instanceof FailingEmbedder.InjectedFailure));
        IngestResult resumed = ingestText(scope, knowledgeBase, "once.txt", "short text that fails once");

        assertThat(resumed.document().status()).isEqualTo(DocumentStatus.COMPLETED);
        assertThat(scope.documents().chunks(resumed.document().id())).hasSize(1);
        assertThat(hitsFor(scope, knowledgeBase.id(), "short text that fails once")).hasSize(1);
    }

    @Test
    void progressIsMonotonicAndEndsAtTheTotal() {
        RagStore small = open(defaultOptions().withEmbedder(FailingEmbedder.failingAfter(defaultOptions().embedder(), 0, 0, 3)));
        UserScope scope = small.forUser(newUser(small));
        List<long[]> progress = new CopyOnWriteArrayList<>();

        IngestResult result = scope.documents().ingest(newKnowledgeBase(scope).id(), plainText("p.txt", Texts.paragraphs(15)),
                (processed, total, message) -> progress.add(new long[] {processed, total}));

        assertThat(progress).isNotEmpty();
        long[] last = progress.get(progress.size() - 1);
        assertThat(last[0]).isEqualTo(result.chunks());
        assertThat(last[1]).isEqualTo(result.chunks());
        for (int i = 1; i < progress.size(); i++) {
            assertThat(progress.get(i)[0]).as("processed at report %d", i).isGreaterThanOrEqualTo(progress.get(i - 1)[0]);
        }
        assertThat(progress).allSatisfy(p -> {
            assertThat(p[0]).isNotNegative();
            if (p[1] > 0) {
                assertThat(p[0]).isLessThanOrEqualTo(p[1]);
                assertThat(p[1]).isEqualTo(result.chunks());
            }
        });
        assertThat(progress.stream().map(p -> p[0]).collect(Collectors.toSet()))
                .as("reports at least one intermediate batch").hasSizeGreaterThan(2);
    }

    @Test
    void deleteRemovesTheDocumentItsChunksAndItsVectors() {
        UserScope scope = newScope();
        KnowledgeBase knowledgeBase = newKnowledgeBase(scope);
        String doomedText = "The lighthouse keeper logs every passing ship in a leather book.";
        IngestResult doomed = ingestText(scope, knowledgeBase, "doomed.txt", doomedText);
        IngestResult kept = ingestText(scope, knowledgeBase, "kept.txt", "Volcanic soil makes the vineyard slopes fertile.");

        scope.documents().delete(doomed.document().id());

        assertThat(scope.documents().find(doomed.document().id())).isEmpty();
        assertThatThrownBy(() -> scope.documents().chunks(doomed.document().id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> scope.documents().delete(doomed.document().id())).isInstanceOf(NotFoundException.class)
                .hasMessageContaining(doomed.document().id().toString());
        assertThat(scope.documents().list(knowledgeBase.id(), PageRequest.first(10)).items()).extracting(Document::id)
                .containsExactly(kept.document().id());
        assertThat(scope.knowledgeBases().stats(knowledgeBase.id())).contains(new KnowledgeBaseStats(knowledgeBase.id(),
                1, kept.chunks(), 0, kept.document().sizeBytes()));
        // With topK 1 a leftover vector of the deleted document would take the only slot and hide the kept one.
        List<SearchHit> hits = scope.search(SearchRequest.builder().text(doomedText).knowledgeBase(knowledgeBase.id())
                .topK(1).build());
        assertThat(hits).singleElement().satisfies(h -> assertThat(h.fileName()).isEqualTo("kept.txt"));
        assertThat(ingestText(scope, knowledgeBase, "doomed again.txt", doomedText).duplicate()).isFalse();
    }

    @Test
    void unsupportedMimeTypeIsRejectedAndNothingIsWritten() {
        UserScope scope = newScope();
        KnowledgeBase knowledgeBase = newKnowledgeBase(scope);
        long documentsToday = scope.usage().today().documents();

        assertInvalidInput(() -> scope.documents().ingest(knowledgeBase.id(), DocumentSource.builder("x.bin",
                "application/x-unknown-format", new byte[] {1, 2, 3}).build()), "mime type", "application/x-unknown-format");

        assertThat(scope.documents().list(knowledgeBase.id(), PageRequest.first(10)).items()).isEmpty();
        assertThat(scope.knowledgeBases().stats(knowledgeBase.id()).orElseThrow().documents()).isZero();
        assertThat(scope.usage().today().documents()).isEqualTo(documentsToday);
    }

    @Test
    void unreadableBytesAreRejectedAndNothingIsWritten() {
        UserScope scope = newScope();
        KnowledgeBase knowledgeBase = newKnowledgeBase(scope);

        assertThatThrownBy(() -> scope.documents().ingest(knowledgeBase.id(), DocumentSource.builder("bad.txt",
                PagedTextExtractor.MIME_TYPE, new byte[] {(byte) 0xC3, (byte) 0x28}).build()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("UTF-8");

        assertThat(scope.documents().list(knowledgeBase.id(), PageRequest.first(10)).items()).isEmpty();
    }

    @Test
    void nulInAMetadataStringIsRejected() {
        assertThatThrownBy(() -> DocumentSource.builder("a.txt", "text/plain", new byte[] {65})
                .metadata(Map.of("note", "a\u0000b")).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("metadata['note']")
                .hasMessageContaining("NUL");
    }

    @Test
    void ingestIntoAnUnknownKnowledgeBaseOrSessionIsNotFoundAndWritesNothing() {
        UserScope scope = newScope();
        KnowledgeBase knowledgeBase = newKnowledgeBase(scope);
        KnowledgeBaseId unknownKnowledgeBase = new KnowledgeBaseId(UUID.randomUUID());
        ChatSessionId unknownSession = new ChatSessionId(UUID.randomUUID());

        assertThatThrownBy(() -> scope.documents().ingest(unknownKnowledgeBase, plainText("a.txt", "text")))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining(unknownKnowledgeBase.toString());
        assertThatThrownBy(() -> scope.documents().ingest(knowledgeBase.id(), DocumentSource.builder("a.txt",
                "text/plain", "text".getBytes(StandardCharsets.UTF_8)).chatSession(unknownSession).build()))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining(unknownSession.toString());
        assertThat(scope.documents().list(knowledgeBase.id(), PageRequest.first(10)).items()).isEmpty();
        assertThatThrownBy(() -> scope.documents().chunks(new DocumentId(UUID.randomUUID())))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> scope.documents().delete(new DocumentId(UUID.randomUUID())))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void documentAttachedToASessionRecordsIt() {
        UserScope scope = newScope();
        ChatSession session = scope.chats().create("with files");

        IngestResult result = scope.documents().ingest(newKnowledgeBase(scope).id(), DocumentSource.builder("att.txt",
                "text/plain", "attached text".getBytes(StandardCharsets.UTF_8)).chatSession(session.id()).build());

        assertThat(result.document().chatSessionId()).isEqualTo(session.id());
        assertThat(scope.documents().find(result.document().id()).orElseThrow().chatSessionId()).isEqualTo(session.id());
    }

    @Test
    void documentsAreListedByIdWithoutSkipsOrRepeats() {
        UserScope scope = newScope();
        KnowledgeBase knowledgeBase = newKnowledgeBase(scope);
        List<DocumentId> ingested = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ingested.add(ingestText(scope, knowledgeBase, "doc" + i + ".txt", "document number " + i).document().id());
        }
        List<DocumentId> listed = new ArrayList<>();
        PageRequest request = PageRequest.first(2);
        while (true) {
            Page<Document> page = scope.documents().list(knowledgeBase.id(), request);
            page.items().forEach(d -> listed.add(d.id()));
            if (!page.hasNext()) {
                break;
            }
            request = request.next(page.nextCursor());
        }

        assertThat(listed).containsExactlyElementsOf(ingested);
    }

    private static List<SearchHit> hitsFor(UserScope scope, KnowledgeBaseId knowledgeBase, String query) {
        String text = query.length() > 1_000 ? query.substring(0, 1_000) : query;
        List<SearchHit> hits = scope.search(SearchRequest.builder().text(text).knowledgeBase(knowledgeBase).topK(1_000).build());
        assertThat(hits.stream().map(h -> h.chunk().id()).collect(Collectors.toSet())).hasSize(hits.size());
        return hits;
    }

    }
