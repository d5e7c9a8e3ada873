package dev.ragstore.pgvector;

import dev.ragstore.core.chunk.ChunkId;
import dev.ragstore.core.chunk.EmbeddingSpace;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.search.IndexCapabilities;
import dev.ragstore.core.search.IndexHit;
import dev.ragstore.core.search.IndexQuery;
import dev.ragstore.core.search.IndexedChunk;
import dev.ragstore.core.search.VectorIndex;
import dev.ragstore.core.user.UserId;

import java.util.Collection;
import java.util.List;

/** A {@link VectorIndex} that forwards every call; tests override what they need. */
class DelegatingIndex implements VectorIndex {

    private final VectorIndex delegate;

    DelegatingIndex(VectorIndex delegate) {
        this.delegate = delegate;
    }

    @Override
    public IndexCapabilities capabilities() {
        return delegate.capabilities();
    }

    /** Forwarded: the facade must send deletes through the same channel as with the index itself. */
    @Override
    public boolean followsRelationalDeletes() {
        return delegate.followsRelationalDeletes();
    }

    @Override
    public void createSpace(EmbeddingSpace space) {
        delegate.createSpace(space);
    }

    @Override
    public void upsert(String space, List<IndexedChunk> chunks) {
        delegate.upsert(space, chunks);
    }

    @Override
    public void deleteChunks(String space, UserId owner, Collection<ChunkId> chunkIds) {
        delegate.deleteChunks(space, owner, chunkIds);
    }

    @Override
    public void deleteDocument(String space, UserId owner, DocumentId documentId) {
        delegate.deleteDocument(space, owner, documentId);
    }

    @Override
    public void deleteKnowledgeBase(String space, UserId owner, KnowledgeBaseId knowledgeBaseId) {
        delegate.deleteKnowledgeBase(space, owner, knowledgeBaseId);
    }

    @Override
    public void deleteOwner(UserId owner) {
        delegate.deleteOwner(owner);
    }

    @Override
    public List<IndexHit> search(IndexQuery query) {
        return delegate.search(query);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
