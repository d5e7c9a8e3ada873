package dev.ragstore.core.chat;

import dev.ragstore.core.chunk.Chunk;
import dev.ragstore.core.chunk.ChunkId;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.search.SearchHit;
import dev.ragstore.core.user.UserId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 13, item 7: citations give the page where the cited text is. */
class CitationPageTest {

    // pages 3, 4 and 5: page 4 begins at offset 11, page 5 at offset 22
    private static final String TEXT = "page three\npage four\nfive: quartz";

    private static Chunk chunk(Integer page, List<Integer> breaks) {
        return new Chunk(new ChunkId(UUID.randomUUID()), new UserId(UUID.randomUUID()),
                new KnowledgeBaseId(UUID.randomUUID()), new DocumentId(UUID.randomUUID()), 0, TEXT, 8, 40,
                40 + TEXT.length(), page, Map.of(), Instant.EPOCH, breaks);
    }

    @Test
    void aChunkKnowsThePageOfEachOfItsCharacters() {
        Chunk chunk = chunk(3, List.of(11, 22));

        assertThat(chunk.pageEnd()).isEqualTo(5);
        assertThat(chunk.pageAt(0)).isEqualTo(3);
        assertThat(chunk.pageAt(10)).isEqualTo(3);
        assertThat(chunk.pageAt(11)).isEqualTo(4);
        assertThat(chunk.pageAt(22)).isEqualTo(5);
        assertThat(chunk.pageOf("quartz")).isEqualTo(5);
        assertThat(chunk.pageOf("four")).isEqualTo(4);
        assertThat(chunk.pageOf(TEXT)).isEqualTo(3);
        assertThat(chunk.pageOf("not in the chunk")).isEqualTo(3);
        assertThatThrownBy(() -> chunk.pageAt(TEXT.length() + 1)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void citationsOfAHitUseThePageOfTheQuote() {
        SearchHit hit = new SearchHit(chunk(3, List.of(11, 22)), "book.pdf", 0.75, 1, null);

        Citation quote = Citation.of(hit, "quartz");
        Citation whole = Citation.of(hit);

        assertThat(quote.page()).isEqualTo(5);
        assertThat(quote.snippet()).isEqualTo("quartz");
        assertThat(quote.chunkId()).isEqualTo(hit.chunk().id());
        assertThat(quote.documentId()).isEqualTo(hit.chunk().documentId());
        assertThat(quote.score()).isEqualTo(0.75);
        assertThat(whole.page()).isEqualTo(3);
        assertThat(whole.snippet()).isEqualTo(TEXT);
    }

    @Test
    void chunksWithoutPagesCiteNoPage() {
        SearchHit hit = new SearchHit(chunk(null, List.of()), "notes.txt", 0.5, 1, null);

        assertThat(Citation.of(hit, "quartz").page()).isNull();
        assertThat(hit.chunk().pageEnd()).isNull();
    }

    @Test
    void pageBreaksMustBeIncreasingOffsetsInsideTheTextOfAPagedChunk() {
        assertThatThrownBy(() -> chunk(null, List.of(5))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("chunk page breaks");
        assertThatThrownBy(() -> chunk(1, List.of(0))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> chunk(1, List.of(12, 11))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> chunk(1, List.of(TEXT.length()))).isInstanceOf(InvalidInputException.class);
    }
}
