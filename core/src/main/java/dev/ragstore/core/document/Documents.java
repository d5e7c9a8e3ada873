package dev.ragstore.core.document;

import dev.ragstore.core.chunk.Chunk;
import dev.ragstore.core.filter.Filter;
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
     * document when the same bytes were ingested before with the same metadata ({@code duplicate});
     * the same bytes with <em>other</em> metadata keep the document (id, file name) but replace its
     * metadata and re-run ingestion, so its chunks and their vectors carry the new metadata and
     * filters see it. Otherwise it extracts text, chunks it,
     * embeds the chunks in batches and stores chunks and vectors, moving the document through
     * {@code PENDING → PROCESSING → COMPLETED}. A failure leaves the document {@code FAILED}
     * with the error message and is rethrown; ingesting the same source again resumes it and
     * ends without duplicate chunks.
     *
     * @throws dev.ragstore.core.error.NotFoundException if the knowledge base (or chat session) does not exist
     * @throws dev.ragstore.core.error.InvalidInputException if no extractor reads the mime type or the bytes are invalid
     * @throws dev.ragstore.core.error.QuotaExceededException quota {@code "documents"} when a new document would
     *         pass the plan's {@code documentLimit} (documents in live and soft-deleted knowledge bases count; bytes
     *         already stored are returned, not refused); checked atomically by the store, nothing is written
     */
    IngestResult ingest(KnowledgeBaseId knowledgeBaseId, DocumentSource source, IngestListener listener);

    /** {@link #ingest(KnowledgeBaseId, DocumentSource, IngestListener)} without a listener. */
    default IngestResult ingest(KnowledgeBaseId knowledgeBaseId, DocumentSource source) {
        return ingest(knowledgeBaseId, source, IngestListener.none());
    }

    /**
     * Writes a document whose chunks the caller has already cut and embedded: rows and vectors in
     * one transaction where the stores allow it (PostgreSQL with pgvector, or with the Milvus outbox;
     * with the in-memory index the vectors follow the rows). Nothing is extracted or embedded; the
     * document is {@code COMPLETED} at once, counts against the plan's document limit like an
     * ingested one, and adds a document to today's usage. Upserting an id the knowledge base already
     * holds <em>replaces</em> that document (its chunks, vectors, metadata, name and type).
     * Everything is checked before anything is written: a bad vector (wrong dimension, a norm that
     * overflows float32, several vectors on an index without multi-vector search) leaves the store
     * unchanged.
     *
     * @throws dev.ragstore.core.error.NotFoundException if the knowledge base does not exist
     * @throws dev.ragstore.core.error.InvalidInputException naming the chunk and vector of a bad vector
     * @throws dev.ragstore.core.error.ConflictException if the document id belongs to another knowledge
     *         base, a chunk id to another document, or the knowledge base is bound to another space
     */
    UpsertResult upsert(KnowledgeBaseId knowledgeBaseId, DocumentUpsert document);

    /**
     * Deletes every document of a live knowledge base that has a chunk matching {@code filter}
     * (chunks carry their document's metadata, see {@link Filter}), with chunks and vectors. On
     * PostgreSQL it is one transaction: all of them go, or none.
     *
     * @return how many documents were deleted
     * @throws dev.ragstore.core.error.NotFoundException if the knowledge base does not exist
     */
    int deleteWhere(KnowledgeBaseId knowledgeBaseId, Filter filter);

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
