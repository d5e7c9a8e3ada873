package dev.ragstore.testkit;

import dev.ragstore.core.UserScope;
import dev.ragstore.core.chunk.Chunk;
import dev.ragstore.core.chunk.ChunkId;
import dev.ragstore.core.document.DocumentSource;
import dev.ragstore.core.document.IngestResult;
import dev.ragstore.core.filter.BuiltInField;
import dev.ragstore.core.filter.Filter;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.search.SearchHit;
import dev.ragstore.core.search.SearchMode;
import dev.ragstore.core.search.SearchRequest;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Contract of filtered search through {@link UserScope#search}: every row of
 * {@link FilterSemanticsTable} returns exactly its chunks in VECTOR mode (and in KEYWORD and
 * HYBRID mode where the index answers them); the built-in fields (knowledge base, document,
 * mime type, page, created) filter exactly, a chunk without a page matching {@code ne} and
 * {@code not exists}; and metadata values round-trip exactly through ingestion to the hits
 * (a Long stays a Long up to {@link Long#MAX_VALUE}, a Double stays a Double even when whole, a
 * UUID stays a UUID, a list of strings stays a list).
 *
 * <p>Subclass it and implement {@link #newStore(StoreOptions)} (see {@link StoreContractSupport}).
 */
public abstract class SearchFilterContract extends StoreContractSupport {

    /** Every metadata table row, in VECTOR mode. */
    @TestFactory
    Stream<DynamicTest> metadataFilterTableInVectorMode() {
        return table(SearchMode.VECTOR);
    }

    /** Every metadata table row, in KEYWORD mode (aborted when the index has no keyword search). */
    @TestFactory
    Stream<DynamicTest> metadataFilterTableInKeywordMode() {
        return table(SearchMode.KEYWORD);
    }

    /** Every metadata table row, in HYBRID mode (aborted when the index cannot answer it). */
    @TestFactory
    Stream<DynamicTest> metadataFilterTableInHybridMode() {
        return table(SearchMode.HYBRID);
    }

    private Stream<DynamicTest> table(SearchMode mode) {
        UserScope scope = newScope();
        KnowledgeBase knowledgeBase = newKnowledgeBase(scope);
        Capabilities.assumeMode(scope, knowledgeBase.id(), mode);
        for (FilterSemanticsTable.Fixture fixture : FilterSemanticsTable.fixtures()) {
            IngestResult result = scope.documents().ingest(knowledgeBase.id(), plainText(fixture.name() + ".txt",
                    "filter fixture " + fixture.name() + " for the semantics table", fixture.metadata()));
            assertThat(result.chunks()).isEqualTo(1);
        }
        return FilterSemanticsTable.rows().stream().map(row -> DynamicTest.dynamicTest(row.description(), () -> {
            List<SearchHit> hits = scope.search(SearchRequest.builder().text("filter fixture").mode(mode)
                    .knowledgeBase(knowledgeBase.id()).filter(row.filter()).topK(100).build());
            assertThat(hits.stream().map(h -> h.fileName().replace(".txt", "")).collect(Collectors.toSet()))
                    .as("%s in %s mode", row.filter(), mode)
                    .containsExactlyInAnyOrderElementsOf(row.expected());
            assertThat(hits).hasSize(row.expected().size());
        }));
    }

    /** Built-in field filters over two knowledge bases, three mime types, pages and two creation times. */
    @TestFactory
    Stream<DynamicTest> builtInFieldFilters() {
        UserScope scope = newScope();
        KnowledgeBase first = newKnowledgeBase(scope);
        KnowledgeBase second = newKnowledgeBase(scope);
        IngestResult plain = ingestText(scope, first, "plain.txt", "A plain note about built-in filters.");
        IngestResult markdown = scope.documents().ingest(first.id(), DocumentSource.builder("notes.md", "text/markdown",
                "# Notes\n\nMarkdown about built-in filters.".getBytes(StandardCharsets.UTF_8)).build());
        clock.advance(Duration.ofHours(1));
        IngestResult later = ingestText(scope, second, "later.txt", "A later note about built-in filters.");
        IngestResult paged = scope.documents().ingest(second.id(), DocumentSource.builder("book.txt",
                PagedTextExtractor.MIME_TYPE, PagedTextExtractor.source(List.of(Texts.paragraphs(4),
                        Texts.paragraphs(5), Texts.paragraphs(3)))).build());
        List<Chunk> chunks = new ArrayList<>();
        for (IngestResult result : List.of(plain, markdown, later, paged)) {
            chunks.addAll(scope.documents().chunks(result.document().id()));
        }
        assertThat(chunks).extracting(Chunk::page).contains(null, 1, 2, 3);
        Instant secondTime = scope.documents().chunks(later.document().id()).get(0).createdAt();
        Instant plainTime = scope.documents().chunks(plain.document().id()).get(0).createdAt();
        Map<String, String> mimeTypes = Map.of(
                plain.document().id().toString(), "text/plain",
                markdown.document().id().toString(), "text/markdown",
                later.document().id().toString(), "text/plain",
                paged.document().id().toString(), PagedTextExtractor.MIME_TYPE);

        Map<String, Object[]> rows = new LinkedHashMap<>();
        rows.put("knowledge base eq", new Object[] {Filter.eq(BuiltInField.KNOWLEDGE_BASE, second.id()),
                (Predicate<Chunk>) c -> c.knowledgeBaseId().equals(second.id())});
        rows.put("knowledge base ne", new Object[] {Filter.ne(BuiltInField.KNOWLEDGE_BASE, second.id()),
                (Predicate<Chunk>) c -> c.knowledgeBaseId().equals(first.id())});
        rows.put("knowledge base in by UUID", new Object[] {Filter.in(BuiltInField.KNOWLEDGE_BASE, first.id().value()),
                (Predicate<Chunk>) c -> c.knowledgeBaseId().equals(first.id())});
        rows.put("document eq", new Object[] {Filter.eq(BuiltInField.DOCUMENT, markdown.document().id()),
                (Predicate<Chunk>) c -> c.documentId().equals(markdown.document().id())});
        rows.put("document notIn", new Object[] {Filter.notIn(BuiltInField.DOCUMENT, plain.document().id(),
                paged.document().id()), (Predicate<Chunk>) c -> !c.documentId().equals(plain.document().id())
                && !c.documentId().equals(paged.document().id())});
        rows.put("mime type eq", new Object[] {Filter.eq(BuiltInField.MIME_TYPE, "text/markdown"),
                (Predicate<Chunk>) c -> mimeTypes.get(c.documentId().toString()).equals("text/markdown")});
        rows.put("mime type ne", new Object[] {Filter.ne(BuiltInField.MIME_TYPE, "text/plain"),
                (Predicate<Chunk>) c -> !mimeTypes.get(c.documentId().toString()).equals("text/plain")});
        rows.put("mime type in", new Object[] {Filter.in(BuiltInField.MIME_TYPE, "text/plain", "text/markdown"),
                (Predicate<Chunk>) c -> !mimeTypes.get(c.documentId().toString()).equals(PagedTextExtractor.MIME_TYPE)});
        rows.put("page exists", new Object[] {Filter.exists(BuiltInField.PAGE), (Predicate<Chunk>) c -> c.page() != null});
        rows.put("page not exists", new Object[] {Filter.not(Filter.exists(BuiltInField.PAGE)),
                (Predicate<Chunk>) c -> c.page() == null});
        rows.put("page eq", new Object[] {Filter.eq(BuiltInField.PAGE, 2L), (Predicate<Chunk>) c -> c.page() != null && c.page() == 2});
        rows.put("page gte an Integer", new Object[] {Filter.gte(BuiltInField.PAGE, 2),
                (Predicate<Chunk>) c -> c.page() != null && c.page() >= 2});
        rows.put("page lt", new Object[] {Filter.lt(BuiltInField.PAGE, 3L), (Predicate<Chunk>) c -> c.page() != null && c.page() < 3});
        rows.put("page ne matches chunks without a page", new Object[] {Filter.ne(BuiltInField.PAGE, 1L),
                (Predicate<Chunk>) c -> c.page() == null || c.page() != 1});
        rows.put("created gte", new Object[] {Filter.gte(BuiltInField.CREATED_AT, secondTime),
                (Predicate<Chunk>) c -> !c.createdAt().isBefore(secondTime)});
        rows.put("created lt", new Object[] {Filter.lt(BuiltInField.CREATED_AT, secondTime),
                (Predicate<Chunk>) c -> c.createdAt().isBefore(secondTime)});
        rows.put("created eq is exact to the microsecond", new Object[] {Filter.eq(BuiltInField.CREATED_AT, plainTime),
                (Predicate<Chunk>) c -> c.createdAt().equals(plainTime)});
        rows.put("and of built-in fields", new Object[] {Filter.and(Filter.eq(BuiltInField.KNOWLEDGE_BASE, first.id()),
                Filter.eq(BuiltInField.MIME_TYPE, "text/plain")),
                (Predicate<Chunk>) c -> c.documentId().equals(plain.document().id())});
        rows.put("or of built-in and metadata fields", new Object[] {Filter.or(Filter.eq(BuiltInField.PAGE, 3L),
                Filter.eq("nope", "x")), (Predicate<Chunk>) c -> c.page() != null && c.page() == 3});

        return rows.entrySet().stream().map(entry -> DynamicTest.dynamicTest(entry.getKey(), () -> {
            Filter filter = (Filter) entry.getValue()[0];
            @SuppressWarnings("unchecked")
            Predicate<Chunk> expected = (Predicate<Chunk>) entry.getValue()[1];
            Set<ChunkId> expectedIds = chunks.stream().filter(expected).map(Chunk::id).collect(Collectors.toSet());
            assertThat(expectedIds).as("row %s selects something", entry.getKey()).isNotEmpty();
            List<SearchHit> hits = scope.search(SearchRequest.builder().text("built-in filters").filter(filter)
                    .topK(1_000).build());
            assertThat(hits.stream().map(h -> h.chunk().id()).toList()).as("%s", filter)
                    .doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(expectedIds);
        }));
    }

    @Test
    void metadataValuesRoundTripExactlyToTheHits() {
        UserScope scope = newScope();
        KnowledgeBase knowledgeBase = newKnowledgeBase(scope);
        UUID id = UUID.randomUUID();
        Map<String, Object> given = new LinkedHashMap<>();
        given.put("text", "naïve ✓ 日本語 \"quoted\" 'single' \\ back");
        given.put("empty", "");
        given.put("flag", true);
        given.put("off", false);
        given.put("small", 7);
        given.put("max", Long.MAX_VALUE);
        given.put("min", Long.MIN_VALUE);
        given.put("big", FilterSemanticsTable.TWO_POW_53 + 1);
        given.put("ratio", 0.1);
        given.put("whole", 2.0);
        given.put("tiny", Double.MIN_VALUE);
        given.put("huge", 1.0e300);
        given.put("negative", -0.0001);
        given.put("id", id);
        given.put("tags", List.of("a", "b", ""));
        given.put("none", List.of());
        Map<String, Object> expected = new LinkedHashMap<>(given);
        expected.put("small", 7L);

        IngestResult result = scope.documents().ingest(knowledgeBase.id(), plainText("meta.txt", "metadata round trip", given));
        List<SearchHit> hits = scope.search(SearchRequest.builder().text("metadata round trip")
                .knowledgeBase(knowledgeBase.id()).build());

        assertThat(result.document().metadata()).isEqualTo(expected);
        assertThat(scope.documents().find(result.document().id()).orElseThrow().metadata()).isEqualTo(expected);
        assertThat(scope.documents().chunks(result.document().id())).singleElement()
                .satisfies(c -> assertThat(c.metadata()).isEqualTo(expected));
        assertThat(hits).singleElement().satisfies(hit -> {
            Map<String, Object> metadata = hit.chunk().metadata();
            assertThat(metadata).isEqualTo(expected);
            assertThat(metadata.get("small")).isInstanceOf(Long.class);
            assertThat(metadata.get("max")).isInstanceOf(Long.class).isEqualTo(Long.MAX_VALUE);
            assertThat(metadata.get("big")).isInstanceOf(Long.class).isEqualTo(FilterSemanticsTable.TWO_POW_53 + 1);
            assertThat(metadata.get("whole")).isInstanceOf(Double.class).isEqualTo(2.0);
            assertThat(metadata.get("ratio")).isInstanceOf(Double.class).isEqualTo(0.1);
            assertThat(metadata.get("id")).isInstanceOf(UUID.class).isEqualTo(id);
            assertThat(metadata.get("tags")).isInstanceOf(List.class).isEqualTo(List.of("a", "b", ""));
            assertThat(metadata.get("flag")).isInstanceOf(Boolean.class);
        });
        assertThat(scope.search(SearchRequest.builder().text("metadata round trip").knowledgeBase(knowledgeBase.id())
                .filter(Filter.and(Filter.eq("max", Long.MAX_VALUE), Filter.eq("id", id), Filter.eq("tags", ""),
                        Filter.eq("whole", 2L), Filter.eq("text", given.get("text")))).build())).hasSize(1);
    }
}
