package dev.ragstore.core.chunk;

import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.internal.Checks;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.user.UserId;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A piece of a document's extracted text, the unit that is embedded and searched.
 * {@code (documentId, index)} is unique.
 *
 * @param index      position of the chunk in its document, from 0
 * @param charStart  offset of the first character in the document's extracted text
 * @param charEnd    offset after the last character ({@code charEnd - charStart == text.length()})
 * @param page       1-based page the chunk starts on, or {@code null} when the source has no pages
 */
public record Chunk(
        ChunkId id,
        UserId ownerId,
        KnowledgeBaseId knowledgeBaseId,
        DocumentId documentId,
        int index,
        String text,
        int tokenCount,
        int charStart,
        int charEnd,
        Integer page,
        Map<String, Object> metadata,
        Instant createdAt) {

    public Chunk {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(knowledgeBaseId, "knowledgeBaseId");
        Objects.requireNonNull(documentId, "documentId");
        Objects.requireNonNull(createdAt, "createdAt");
        Checks.nonNegative("chunk index", index);
        Checks.text("chunk text", text, Checks.MAX_TEXT);
        Checks.nonNegative("chunk token count", tokenCount);
        Checks.nonNegative("chunk char start", charStart);
        if (charEnd < charStart) {
            throw dev.ragstore.core.error.InvalidInputException.of("chunk char end", "must be >= char start " + charStart, charEnd);
        }
        if (page != null) {
            Checks.positive("chunk page", page);
        }
        metadata = Checks.metadata(metadata);
    }
}
