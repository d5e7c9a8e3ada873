package dev.ragstore.core.document;

import dev.ragstore.core.chunk.Chunk;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.page.Page;
import dev.ragstore.core.page.PageRequest;

import java.util.List;
import java.util.Optional;

/**
 * The documents of one user. Another user's id reads as not found.
 */
public interface Documents {

    /**
     * Ingests a source into a live knowledge base: hashes it (SHA-256), returns the existing
     * document when the same bytes were ingested before, otherwise extracts text, chunks it,
     * embeds the chunks in batches and stores chunks and vectors, moving the document through
     * {@code PENDING → PROCESSING → COMPLETED}. A failure leaves the document {@code FAILED}
     * with the error message and is rethrown; ingesting the same source again resumes it and
     * ends without duplicate chunks.
     *
     * @throws dev.ragstore.core.error.NotFoundException if the knowledge base (or chat session) does not exist
     * @throws dev.ragstore.core.error.InvalidInputException if no extractor reads the mime type or the bytes are invalid
     */
    IngestResult ingest(KnowledgeBaseId knowledgeBaseId, DocumentSource source, IngestListener listener);

    /** {@link #ingest(KnowledgeBaseId, DocumentSource, IngestListener)} without a listener. */
    default IngestResult ingest(KnowledgeBaseId knowledgeBaseId, DocumentSource source) {
        return ingest(knowledgeBaseId, source, IngestListener.none());
    }

    /** A document of a live knowledge base. */
    Optional<Document> find(DocumentId id);

    /** Documents of a live knowledge base ordered by id, in the page's order. */
    Page<Document> list(KnowledgeBaseId knowledgeBaseId, PageRequest page);

    /**
     * The user's documents across all live knowledge bases that match {@code query} (by mime type,
     * status, chat session), ordered by id in the page's order (keyset: stable while documents are
     * added). A chat session of another user matches nothing.
     *
     * @since 0.2
     */
    Page<Document> list(DocumentQuery query, PageRequest page);

    /** The document's chunks ordered by index. @throws dev.ragstore.core.error.NotFoundException for an unknown document */
    List<Chunk> chunks(DocumentId id);

    /**
     * Deletes the document, its chunks and their vectors.
     *
     * @throws dev.ragstore.core.error.NotFoundException if there is no such document
     */
    void delete(DocumentId id);
}
