package dev.ragstore.core;

import dev.ragstore.core.chunk.Chunk;
import dev.ragstore.core.chunk.ChunkId;
import dev.ragstore.core.chunk.Embedding;
import dev.ragstore.core.chunk.EmbeddingSpace;
import dev.ragstore.core.chunk.SourcedChunk;
import dev.ragstore.core.document.ChunkUpsert;
import dev.ragstore.core.document.Document;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.document.DocumentRepository.DocumentInsert;
import dev.ragstore.core.document.DocumentStatus;
import dev.ragstore.core.document.DocumentUpsert;
import dev.ragstore.core.document.UpsertResult;
import dev.ragstore.core.error.ConflictException;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.filter.Filter;
import dev.ragstore.core.internal.Checks;
import dev.ragstore.core.internal.ContentHash;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.search.IndexCapabilities;
import dev.ragstore.core.search.IndexedChunk;
import dev.ragstore.core.user.UserId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Deletes by filter (and of a whole knowledge base), and writes of documents with precomputed
 * vectors ({@link dev.ragstore.core.document.Documents#upsert}):
 * every check first, then in one relational transaction the old document (when the id is taken in
 * the knowledge base) is deleted, the new one inserted through the ordinary document-creation path
 * (quota and usage as for ingest), its chunks stored and its vectors upserted; an index that joins
 * the transaction (pgvector, the Milvus outbox) commits with the rows.
 */
final class DocumentWrites {

    private static final Logger LOG = LoggerFactory.getLogger(DocumentWrites.class);

    private final StoreContext context;
    private final UserId owner;

    DocumentWrites(StoreContext context, UserId owner) {
        this.context = context;
        this.owner = owner;
    }

    UpsertResult upsert(KnowledgeBaseId knowledgeBaseId, DocumentUpsert upsert) {
        Objects.requireNonNull(knowledgeBaseId, "knowledgeBaseId");
        Objects.requireNonNull(upsert, "document");
        KnowledgeBase knowledgeBase = Lookups.requireStoreSpace(context,
                Lookups.liveKnowledgeBase(context, owner, knowledgeBaseId));
        EmbeddingSpace space = context.embedder().space();
        checkVectors(upsert, space, context.vectorIndex().capabilities());
        DocumentId id = upsert.id() != null ? upsert.id() : new DocumentId(context.ids().next());
        Optional<Document> existing = context.relational().documents().findById(owner, id);
        if (existing.isPresent() && !existing.get().knowledgeBaseId().equals(knowledgeBase.id())) {
            throw new ConflictException("document.id.knowledge_base", "document '" + id + "' belongs to knowledge base '"
                    + existing.get().knowledgeBaseId() + "', not '" + knowledgeBase.id()
                    + "'; delete it there first or choose another id");
        }
        List<ChunkId> chunkIds = new ArrayList<>(upsert.chunks().size());
        for (ChunkUpsert chunk : upsert.chunks()) {
            chunkIds.add(chunk.id() != null ? chunk.id() : new ChunkId(context.ids().next()));
        }
        checkChunkIds(id, chunkIds);

        Instant now = context.now();
        StringBuilder text = new StringBuilder();
        List<Chunk> chunks = new ArrayList<>(chunkIds.size());
        int pages = 0;
        long tokens = 0;
        for (int i = 0; i < chunkIds.size(); i++) {
            ChunkUpsert piece = upsert.chunks().get(i);
            if (i > 0) {
                text.append("\n\n");
            }
            int start = text.length();
            text.append(piece.text());
            Map<String, Object> metadata = new LinkedHashMap<>(upsert.metadata());
            metadata.putAll(piece.metadata());
            chunks.add(new Chunk(chunkIds.get(i), owner, knowledgeBase.id(), id, i, piece.text(), piece.tokenCount(),
                    start, text.length(), piece.page(), Checks.metadata(metadata), now));
            pages = piece.page() == null ? pages : Math.max(pages, piece.page());
            tokens += piece.tokenCount();
        }
        String extractedText = text.toString();
        byte[] bytes = extractedText.getBytes(StandardCharsets.UTF_8);
        // The id is part of the hash: the same text under two ids is two documents, never a "duplicate".
        String hash = ContentHash.sha256Hex(("upsert\u0000" + id + "\u0000" + extractedText).getBytes(StandardCharsets.UTF_8));
        Document document = new Document(id, owner, knowledgeBase.id(), null,
                upsert.fileName() != null ? upsert.fileName() : id.toString(), upsert.mimeType(), bytes.length, pages,
                hash, extractedText, null, DocumentStatus.COMPLETED, null, space.model(), tokens, upsert.metadata(), now, now);
        List<IndexedChunk> indexed = new ArrayList<>(chunks.size());
        for (int i = 0; i < chunks.size(); i++) {
            indexed.add(IndexedChunk.of(chunks.get(i), document.mimeType(), upsert.chunks().get(i).vectors()));
        }

        boolean replaced = existing.isPresent();
        Document stored = context.relational().inTransaction(owner, () -> {
            if (replaced) {
                context.relational().documents().delete(owner, id);
                if (!context.vectorIndex().followsRelationalDeletes()) {
                    context.vectorIndex().deleteDocument(space.name(), owner, id);
                }
            }
            DocumentInsert insert = context.relational().documents().insertIfAbsent(document, context.today());
            if (!insert.created()) {
                throw new ConflictException("document.upsert.in_progress", "document '" + id
                        + "' was written by another caller at the same time; retry");
            }
            context.relational().chunks().replace(owner, id, chunks);
            for (int start = 0; start < indexed.size(); start += IngestionRun.UPSERT_BATCH) {
                context.vectorIndex().upsert(space.name(),
                        indexed.subList(start, Math.min(indexed.size(), start + IngestionRun.UPSERT_BATCH)));
            }
            return insert.document();
        });
        LOG.debug("Upserted document {} ({} chunks{}) into knowledge base {}", id, chunks.size(),
                replaced ? ", replacing the previous one" : "", knowledgeBase.id());
        return new UpsertResult(stored, chunkIds, replaced);
    }

    /**
     * Deletes the documents of {@code knowledgeBase} with a chunk matching {@code filter} ({@code null}:
     * all of them) in one relational step, then their vectors when the index does not follow it.
     */
    int deleteWhere(KnowledgeBase knowledgeBase, Filter filter) {
        List<DocumentId> deleted = context.relational().documents().deleteWhere(owner, knowledgeBase.id(), filter);
        if (!deleted.isEmpty() && !context.vectorIndex().followsRelationalDeletes()) {
            if (filter == null) {
                context.vectorIndex().deleteKnowledgeBase(knowledgeBase.embeddingSpace(), owner, knowledgeBase.id());
            } else {
                for (DocumentId id : deleted) {
                    context.vectorIndex().deleteDocument(knowledgeBase.embeddingSpace(), owner, id);
                }
            }
        }
        LOG.debug("Deleted {} documents of knowledge base {} ({})", deleted.size(), knowledgeBase.id(),
                filter == null ? "all" : filter);
        return deleted.size();
    }

    /** Dimension, representability and the index's multi-vector capability, before anything is written. */
    private static void checkVectors(DocumentUpsert upsert, EmbeddingSpace space, IndexCapabilities capabilities) {
        for (int i = 0; i < upsert.chunks().size(); i++) {
            List<Embedding> vectors = upsert.chunks().get(i).vectors();
            if (vectors.size() > 1 && !capabilities.multiVector()) {
                throw InvalidInputException.of("chunks[" + i + "].vectors", "must be a single vector: vector index '"
                        + capabilities.adapter() + "' lacks the capability multi-vector search", vectors.size());
            }
            for (int j = 0; j < vectors.size(); j++) {
                String field = "chunks[" + i + "].vectors[" + j + "]";
                Embedding vector = vectors.get(j);
                if (vector.dimension() != space.dimension()) {
                    throw InvalidInputException.of(field + " dimension", "must be " + space.dimension()
                            + " for space '" + space.name() + "'", vector.dimension());
                }
                vector.requireRepresentable(field, space);
            }
        }
    }

    /** A caller's chunk id may name a chunk of this document (it is replaced), never one of another document. */
    private void checkChunkIds(DocumentId id, List<ChunkId> chunkIds) {
        for (int start = 0; start < chunkIds.size(); start += Checks.MAX_IDS) {
            List<ChunkId> slice = chunkIds.subList(start, Math.min(chunkIds.size(), start + Checks.MAX_IDS));
            for (SourcedChunk taken : context.relational().chunks().findLive(owner, slice)) {
                if (!taken.chunk().documentId().equals(id)) {
                    throw new ConflictException("chunk.id.unique", "chunk id '" + taken.chunk().id()
                            + "' belongs to document '" + taken.chunk().documentId() + "'; choose another id");
                }
            }
        }
    }
}
