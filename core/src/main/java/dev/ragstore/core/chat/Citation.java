package dev.ragstore.core.chat;

import dev.ragstore.core.chunk.ChunkId;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.internal.Checks;

import java.util.Objects;

/**
 * A source an assistant message cites.
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
}
