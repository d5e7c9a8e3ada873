package dev.ragstore.core.chunk;

import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.internal.Checks;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.user.UserId;

import java.time.Instant;
import java.util.List;
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
 *                   (the page a {@link dev.ragstore.core.filter.BuiltInField#PAGE} filter compares)
 * @param pageBreaks offsets in {@code text} at which pages {@code page + 1}, {@code page + 2}, ...
 *                   begin, strictly increasing and inside the text (0 &lt; offset &lt; length);
 *                   empty when the chunk lies on one page or the source has no pages. The chunk
 *                   spans pages {@code page} to {@link #pageEnd()}.
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
        Instant createdAt,
        List<Integer> pageBreaks) {

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
        pageBreaks = List.copyOf(pageBreaks);
        if (!pageBreaks.isEmpty() && page == null) {
            throw dev.ragstore.core.error.InvalidInputException.withoutValue("chunk page breaks",
                    "must be empty when the chunk has no page");
        }
        int previous = 0;
        for (int offset : pageBreaks) {
            if (offset <= previous || offset >= text.length()) {
                throw dev.ragstore.core.error.InvalidInputException.of("chunk page breaks",
                        "must be increasing offsets inside the chunk text (0 < offset < " + text.length() + ")", pageBreaks);
            }
            previous = offset;
        }
    }

    /** A chunk on one page (or without pages): no page breaks. */
    public Chunk(ChunkId id, UserId ownerId, KnowledgeBaseId knowledgeBaseId, DocumentId documentId, int index,
            String text, int tokenCount, int charStart, int charEnd, Integer page, Map<String, Object> metadata,
            Instant createdAt) {
        this(id, ownerId, knowledgeBaseId, documentId, index, text, tokenCount, charStart, charEnd, page, metadata,
                createdAt, List.of());
    }

    /** The last page the chunk spans (equal to {@link #page()} for a one-page chunk), or {@code null} without pages. */
    public Integer pageEnd() {
        return page == null ? null : page + pageBreaks.size();
    }

    /**
     * The page of the character at {@code offset} in {@link #text()}, or {@code null} without pages.
     *
     * @throws dev.ragstore.core.error.InvalidInputException if {@code offset} is outside 0 to the text's length
     */
    public Integer pageAt(int offset) {
        if (offset < 0 || offset > text.length()) {
            throw dev.ragstore.core.error.InvalidInputException.of("chunk offset",
                    "must be between 0 and the text length " + text.length(), offset);
        }
        if (page == null) {
            return null;
        }
        int pageOf = page;
        for (int start : pageBreaks) {
            if (start <= offset) {
                pageOf++;
            }
        }
        return pageOf;
    }

    /**
     * The page where {@code quoted} is: the page of its first occurrence in {@link #text()}, so the
     * whole text (or a quote from its start) gives {@link #page()}; {@link #page()} too when the
     * text does not contain {@code quoted} (a paraphrase); {@code null} without pages.
     */
    public Integer pageOf(String quoted) {
        Objects.requireNonNull(quoted, "quoted");
        int at = text.indexOf(quoted);
        return pageAt(Math.max(at, 0));
    }
}
