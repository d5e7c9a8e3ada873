package dev.ragstore.core.chat;

import dev.ragstore.core.chunk.Chunk;
import dev.ragstore.core.chunk.ChunkId;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.internal.Checks;
import dev.ragstore.core.search.SearchHit;

import java.util.Objects;

/**
 * A source an assistant message cites. Build one from a search hit with {@link #of(SearchHit, String)}
 * (a quote from the chunk, cited on the page where the quote is) or {@link #of(SearchHit)} (the
 * whole chunk, cited on the page it starts on).
 *
 * @param chunkId may be {@code null} when the citation points at a whole document
 * @param page    1-based page, or {@code null}
 * @param snippet the quoted text (at most 4,000 characters)
 * @param score   the retrieval score the source had
 */
public record Citation(DocumentId documentId, ChunkId chunkId, Integer page, String snippet, double score) {

    public Citation {
        Objects.requireNonNull(documentId, "documentId");
        Checks.text("citation snippet", snippet, Checks.MAX_DESCRIPTION);
        if (!Double.isFinite(score)) {
            throw dev.ragstore.core.error.InvalidInputException.of("citation score", "must be a finite number", score);
        }
    }

    /**
     * Cites {@code quote} from the hit's chunk with the hit's score, on the page where the quote is:
     * the page of its first occurrence in the chunk text ({@link Chunk#pageOf(String)}), so text
     * on page 4 of a chunk spanning pages 3 to 4 is cited as page 4; the chunk's first page when
     * the chunk does not contain the quote verbatim.
     *
     * @param quote at most 4,000 characters
     * @throws dev.ragstore.core.error.InvalidInputException if the quote is too long or not valid text
     */
    public static Citation of(SearchHit hit, String quote) {
        Chunk chunk = hit.chunk();
        return new Citation(chunk.documentId(), chunk.id(), chunk.pageOf(quote), quote, hit.score());
    }

    /**
     * Cites the hit's whole chunk on the page it starts on ({@link Chunk#page()}); the snippet is the
     * chunk text, cut to its first 4,000 characters (never inside a surrogate pair).
     */
    public static Citation of(SearchHit hit) {
        Chunk chunk = hit.chunk();
        String text = chunk.text();
        int end = Math.min(text.length(), Checks.MAX_DESCRIPTION);
        if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return new Citation(chunk.documentId(), chunk.id(), chunk.page(), text.substring(0, end), hit.score());
    }
}
