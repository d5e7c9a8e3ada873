package dev.ragstore.core.memory;

import dev.ragstore.core.chunk.Chunk;
import dev.ragstore.core.chunk.ChunkId;
import dev.ragstore.core.chunk.ChunkRepository;
import dev.ragstore.core.chunk.SourcedChunk;
import dev.ragstore.core.document.Document;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.error.ConflictException;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.user.UserId;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/** Chunks in memory, stored per document and replaced as a whole under the write lock. */
final class MemoryChunkRepository implements ChunkRepository {

    private final MemoryTables tables;

    MemoryChunkRepository(MemoryTables tables) {
        this.tables = tables;
    }

    @Override
    public void replace(UserId owner, DocumentId documentId, List<Chunk> chunks) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(documentId, "documentId");
        List<Chunk> sorted = new ArrayList<>(Objects.requireNonNull(chunks, "chunks"));
        sorted.forEach(chunk -> Objects.requireNonNull(chunk, "chunk"));
        tables.writeRun(() -> {
            Document document = tables.documents.get(owner.value(), documentId.value());
            if (document == null) {
                throw new NotFoundException("document", documentId);
            }
            check(owner, document, sorted);
            sorted.sort(Comparator.comparingInt(Chunk::index));
            tables.putChunks(documentId.value(), sorted);
        });
    }

    /** Every chunk must be the document's, with distinct indexes and ids not used elsewhere. */
    private void check(UserId owner, Document document, List<Chunk> chunks) {
        Set<Integer> indexes = new HashSet<>();
        Set<UUID> ids = new HashSet<>();
        for (Chunk chunk : chunks) {
            if (!chunk.ownerId().equals(owner)) {
                throw InvalidInputException.of("chunk owner", "must be the document's owner " + owner, chunk.ownerId());
            }
            if (!chunk.documentId().equals(document.id())) {
                throw InvalidInputException.of("chunk document", "must be document " + document.id(), chunk.documentId());
            }
            if (!chunk.knowledgeBaseId().equals(document.knowledgeBaseId())) {
                throw InvalidInputException.of("chunk knowledge base",
                        "must be the document's knowledge base " + document.knowledgeBaseId(), chunk.knowledgeBaseId());
            }
            if (!indexes.add(chunk.index())) {
                throw InvalidInputException.of("chunk index", "must be unique within the document", chunk.index());
            }
            if (!ids.add(chunk.id().value())) {
                throw InvalidInputException.of("chunk id", "must be unique within the batch", chunk.id());
            }
            Chunk existing = tables.chunks.get(chunk.id().value());
            if (existing != null && !existing.documentId().equals(document.id())) {
                throw new ConflictException("chunk.id.unique", "chunk id '" + chunk.id() + "' is already taken");
            }
        }
    }

    @Override
    public List<Chunk> listByDocument(UserId owner, DocumentId documentId) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(documentId, "documentId");
        return tables.read(() -> tables.documents.get(owner.value(), documentId.value()) == null
                ? List.of()
                : tables.chunksOf(documentId.value()));
    }

    @Override
    public List<SourcedChunk> findLive(UserId owner, Collection<ChunkId> ids) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(ids, "ids");
        return tables.read(() -> {
            List<SourcedChunk> live = new ArrayList<>();
            Set<ChunkId> seen = new HashSet<>();
            for (ChunkId id : ids) {
                Chunk chunk = tables.chunks.get(id.value());
                if (chunk == null || !chunk.ownerId().equals(owner) || !seen.add(id)) {
                    continue;
                }
                Document document = tables.documents.get(owner.value(), chunk.documentId().value());
                KnowledgeBase knowledgeBase = document == null ? null
                        : tables.knowledgeBases.get(owner.value(), document.knowledgeBaseId().value());
                if (knowledgeBase != null && !knowledgeBase.deleted()) {
                    live.add(new SourcedChunk(chunk, document.fileName(), document.mimeType()));
                }
            }
            return List.copyOf(live);
        });
    }
}
