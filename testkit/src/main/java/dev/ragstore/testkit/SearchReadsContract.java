package dev.ragstore.testkit;

import dev.ragstore.core.RagStore;
import dev.ragstore.core.UserScope;
import dev.ragstore.core.chat.ChatSessionId;
import dev.ragstore.core.chat.Citation;
import dev.ragstore.core.chat.Message;
import dev.ragstore.core.chat.MessageRole;
import dev.ragstore.core.chat.NewMessage;
import dev.ragstore.core.chunk.Chunk;
import dev.ragstore.core.chunk.ChunkId;
import dev.ragstore.core.chunk.Embedding;
import dev.ragstore.core.document.DocumentSource;
import dev.ragstore.core.document.IngestResult;
import dev.ragstore.core.filter.Filter;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.search.SearchHit;
import dev.ragstore.core.search.SearchMode;
import dev.ragstore.core.search.SearchRequest;
import dev.ragstore.core.spi.Embedder;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Contract of the search reads of issue 13 through {@link UserScope#search}: with
 * {@code includeVectors} every hit carries its chunk's stored vector (exactly what the embedder
 * gave at ingestion) in VECTOR, KEYWORD and HYBRID mode, and nothing without it;
 * {@code Filter.contains} narrows search like every other condition, with {@code %}, {@code _} and
 * {@code \} as literals; and chunks record the pages they span, so a citation of text on page 4
 * says page 4 (also after a round trip through the store and the chat history). KEYWORD and
 * HYBRID tests are aborted when the index lacks the mode.
 *
 * <p>Subclass it and implement {@link #newStore(StoreOptions)} (see {@link StoreContractSupport}).
 */
public abstract class SearchReadsContract extends StoreContractSupport {

    private static final List<String> CORPUS = List.of(
            "Granite cliffs rise above the quiet fjord.",
            "The quick brown fox jumps over the lazy dog.",
            "Quick quick quick: the fox ran quick laps around the barn.");

    private StoreOptions options;
    private UserScope scope;
    private KnowledgeBase knowledgeBase;

    private void corpus() {
        options = defaultOptions();
        RagStore store = open(options);
        scope = store.forUser(newUser(store));
        knowledgeBase = newKnowledgeBase(scope);
        for (int i = 0; i < CORPUS.size(); i++) {
            ingestText(scope, knowledgeBase, "doc" + i + ".txt", CORPUS.get(i));
        }
    }

    private void hitsCarryTheStoredVectorOnlyWhenAsked(SearchMode mode) {
        corpus();
        Capabilities.assumeMode(scope, knowledgeBase.id(), mode);
        Embedder embedder = options.embedder();
        SearchRequest.Builder request = SearchRequest.builder().text("quick fox").mode(mode)
                .knowledgeBase(knowledgeBase.id()).topK(10);

        List<SearchHit> with = scope.search(request.includeVectors(true).build());
        List<SearchHit> without = scope.search(request.includeVectors(false).build());

        assertThat(with).isNotEmpty();
        for (SearchHit hit : with) {
            float[] expected = embedder.embed(List.of(hit.chunk().text())).get(0).toArray();
            assertThat(hit.vectors()).as("%s hit %s", mode, hit.fileName()).singleElement()
                    .satisfies(vector -> assertThat(vector.toArray()).containsExactly(expected));
        }
        assertThat(without.stream().map(h -> h.chunk().id()).toList())
                .containsExactlyElementsOf(with.stream().map(h -> h.chunk().id()).toList());
        assertThat(without).allSatisfy(hit -> assertThat(hit.vectors()).isEmpty());
    }

    @Test
    void vectorHitsCarryTheStoredVectorOnlyWhenAsked() {
        hitsCarryTheStoredVectorOnlyWhenAsked(SearchMode.VECTOR);
    }

    @Test
    void keywordHitsCarryTheStoredVectorOnlyWhenAsked() {
        hitsCarryTheStoredVectorOnlyWhenAsked(SearchMode.KEYWORD);
    }

    @Test
    void hybridHitsCarryTheStoredVectorOnlyWhenAsked() {
        hitsCarryTheStoredVectorOnlyWhenAsked(SearchMode.HYBRID);
    }

    @Test
    void aGivenQueryVectorAlsoReturnsStoredVectors() {
        corpus();
        Embedding query = options.embedder().embed(List.of("granite fjord")).get(0);

        List<SearchHit> hits = scope.search(SearchRequest.builder().vector(query).knowledgeBase(knowledgeBase.id())
                .topK(1).includeVectors(true).build());

        assertThat(hits).singleElement().satisfies(hit -> {
            assertThat(hit.fileName()).isEqualTo("doc0.txt");
            assertThat(hit.vectors()).singleElement().satisfies(v -> assertThat(v.toArray())
                    .containsExactly(options.embedder().embed(List.of(CORPUS.get(0))).get(0).toArray()));
        });
    }

    /** {@code contains} through the facade, with values holding LIKE wildcards, escapes and quotes. */
    @Test
    void containsFiltersSearchByLiteralSubstring() {
        UserScope user = newScope();
        KnowledgeBase base = newKnowledgeBase(user);
        Map<String, String> paths = Map.of(
                "percent.txt", "reports/100%_done\\final \"v2\"",
                "wildcard.txt", "reports/100X-done/final 'v2'",
                "plain.txt", "reports/draft");
        paths.forEach((file, path) -> user.documents().ingest(base.id(), plainText(file,
                "quarterly report stored at " + file, Map.of("path", path))));
        Function<Filter, List<String>> files = filter -> user.search(SearchRequest.builder().text("quarterly report")
                .knowledgeBase(base.id()).filter(filter).topK(10).build()).stream().map(SearchHit::fileName).sorted().toList();

        assertThat(files.apply(Filter.contains("path", "100%_done"))).containsExactly("percent.txt");
        assertThat(files.apply(Filter.contains("path", "%"))).containsExactly("percent.txt");
        assertThat(files.apply(Filter.contains("path", "100_"))).isEmpty();
        assertThat(files.apply(Filter.contains("path", "\\final \"v2\""))).containsExactly("percent.txt");
        assertThat(files.apply(Filter.contains("path", "'v2'"))).containsExactly("wildcard.txt");
        assertThat(files.apply(Filter.contains("path", "reports/"))).containsExactly("percent.txt", "plain.txt",
                "wildcard.txt");
        assertThat(files.apply(Filter.contains("path", "Reports/"))).isEmpty();
        assertThat(files.apply(Filter.not(Filter.contains("path", "done")))).containsExactly("plain.txt");
    }

    /**
     * Issue 13, item 7: a chunk spanning pages 1 to 4 records that range and where each page begins,
     * and a citation of text on page 4 says page 4; the whole chunk is cited on its first page.
     */
    @Test
    void citationsGiveThePageWhereTheCitedTextIs() {
        UserScope user = newScope();
        KnowledgeBase base = newKnowledgeBase(user);
        List<String> pages = List.of("Opening words on the first page.", "Second page talks of rivers.",
                "Third page mentions lanterns.", "The quartz marker sits on page four.");
        IngestResult paged = user.documents().ingest(base.id(), DocumentSource.builder("short.paged",
                PagedTextExtractor.MIME_TYPE, PagedTextExtractor.source(pages)).build());

        Chunk stored = user.documents().chunks(paged.document().id()).get(0);
        List<SearchHit> hits = user.search(SearchRequest.builder().text("quartz marker").knowledgeBase(base.id())
                .topK(1).build());

        assertThat(stored.page()).isEqualTo(1);
        assertThat(stored.pageEnd()).isEqualTo(4);
        assertThat(hits).singleElement().satisfies(hit -> {
            assertThat(hit.chunk()).isEqualTo(stored);
            assertThat(Citation.of(hit, "quartz marker sits on page four").page()).isEqualTo(4);
            assertThat(Citation.of(hit, "rivers").page()).isEqualTo(2);
            assertThat(Citation.of(hit, "Opening words").page()).isEqualTo(1);
            assertThat(Citation.of(hit).page()).isEqualTo(1);
            assertThat(Citation.of(hit).snippet()).isEqualTo(stored.text());
        });

        ChatSessionId session = user.chats().create("cited").id();
        Citation citation = Citation.of(hits.get(0), "quartz marker");
        Message answer = user.chats().append(session, NewMessage.builder(MessageRole.ASSISTANT, "on page four")
                .citations(List.of(citation)).tokenCount(3).build());
        assertThat(user.chats().history(session, answer.id(), 10)).singleElement()
                .satisfies(message -> assertThat(message.citations()).singleElement()
                        .satisfies(c -> assertThat(c.page()).isEqualTo(4)));
    }

    /** Every chunk of a long paged document records exactly where its later pages begin. */
    @Test
    void pageBreaksOfEveryChunkPointAtThePagesStarts() {
        UserScope user = newScope();
        KnowledgeBase base = newKnowledgeBase(user);
        List<String> pages = new ArrayList<>();
        for (int p = 1; p <= 6; p++) {
            pages.add("Page " + p + " begins here. " + Texts.paragraphs(p % 3 + 1).replace("\n\n", " "));
        }
        IngestResult paged = user.documents().ingest(base.id(), DocumentSource.builder("long.paged",
                PagedTextExtractor.MIME_TYPE, PagedTextExtractor.source(pages)).build());

        List<Chunk> chunks = user.documents().chunks(paged.document().id());
        assertThat(chunks).anySatisfy(c -> assertThat(c.pageEnd()).isGreaterThan(c.page()));
        for (Chunk chunk : chunks) {
            for (int i = 0; i < chunk.pageBreaks().size(); i++) {
                int page = chunk.page() + i + 1;
                assertThat(chunk.text().substring(chunk.pageBreaks().get(i))).as("chunk %d, page %d", chunk.index(), page)
                        .startsWith(("Page " + page + " begins here.").substring(0, 8));
                assertThat(chunk.pageAt(chunk.pageBreaks().get(i))).isEqualTo(page);
                assertThat(chunk.pageAt(chunk.pageBreaks().get(i) - 1)).isEqualTo(page - 1);
            }
            assertThat(chunk.pageEnd()).isEqualTo(chunk.page() + chunk.pageBreaks().size());
        }
        Map<ChunkId, Chunk> byId = chunks.stream().collect(Collectors.toMap(Chunk::id, Function.identity()));
        List<SearchHit> hits = user.search(SearchRequest.builder().text("page begins here").knowledgeBase(base.id())
                .topK(100).build());
        assertThat(hits).hasSize(chunks.size())
                .allSatisfy(hit -> assertThat(hit.chunk()).isEqualTo(byId.get(hit.chunk().id())));
    }
}
