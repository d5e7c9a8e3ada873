package dev.ragstore.milvus;

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
import dev.ragstore.milvus.internal.OutboxStore;
import dev.ragstore.milvus.internal.RowEncoder;
import dev.ragstore.milvus.internal.SpaceRegistry;
import dev.ragstore.postgres.PostgresStore;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The {@link VectorIndex} a RagStore on PostgreSQL + Milvus is given: writes go to PostgreSQL (the
 * vectors and an outbox row, in one transaction, which joins the caller's transaction when there
 * is one) and reach Milvus through the relay; searches go to Milvus. Milvus therefore mirrors
 * PostgreSQL, eventually: a delete removes from Milvus what PostgreSQL no longer has (the facade
 * deletes in PostgreSQL first), and {@link MilvusOutboxRelay#awaitSync} waits for the mirror.
 * While Milvus is down, writes still succeed and searches fail as retryable. Thread-safe; closing
 * it closes the relay.
 */
final class OutboxVectorIndex implements VectorIndex {

    private final MilvusOutboxRelay relay;
    private final PostgresStore postgres;
    private final OutboxStore store;
    private final MilvusVectorIndex milvus;

    OutboxVectorIndex(MilvusOutboxRelay relay, PostgresStore postgres, OutboxStore store, MilvusVectorIndex milvus) {
        this.relay = relay;
        this.postgres = postgres;
        this.store = store;
        this.milvus = milvus;
    }

    /** {@code true}: the store's chunk and delete transactions record the outbox rows that remove vectors. */
    @Override
    public boolean followsRelationalDeletes() {
        return true;
    }

    @Override
    public IndexCapabilities capabilities() {
        return milvus.capabilities();
    }

    /** Creates the space's collection in Milvus directly (Milvus must be reachable). */
    @Override
    public void createSpace(EmbeddingSpace space) {
        milvus.createSpace(space);
    }

    /**
     * Stores the chunks' vectors and outbox rows in PostgreSQL; the relay upserts them into Milvus.
     * The space must be known (created, or found in Milvus once); the chunks must exist in PostgreSQL.
     *
     * @throws dev.ragstore.core.error.InvalidInputException as {@link MilvusVectorIndex#upsert}, before anything is written
     */
    @Override
    public void upsert(String space, List<IndexedChunk> chunks) {
        Objects.requireNonNull(space, "space");
        List<IndexedChunk> copy = List.copyOf(chunks);
        SpaceRegistry.Space target = milvus.guarded(() -> milvus.spaces().require(space));
        RowEncoder.check(copy, target.definition());
        if (copy.isEmpty()) {
            return;
        }
        postgres.useAdminTransaction(h -> store.addVectors(h, space, copy));
        relay.wake();
    }

    @Override
    public void deleteChunks(String space, UserId owner, Collection<ChunkId> chunkIds) {
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(owner, "owner");
        List<java.util.UUID> ids = OutboxStore.uuids(List.copyOf(chunkIds));
        if (ids.isEmpty()) {
            return;
        }
        postgres.useTransaction(owner, h -> store.add(h, OutboxStore.Scope.CHUNK, space, owner.value(), null, List.of(), ids));
        relay.wake();
    }

    @Override
    public void deleteDocument(String space, UserId owner, DocumentId documentId) {
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(documentId, "documentId");
        postgres.useTransaction(owner, h -> store.add(h, OutboxStore.Scope.DOCUMENT, space, owner.value(), null,
                List.of(documentId.value()), List.of()));
        relay.wake();
    }

    @Override
    public void deleteKnowledgeBase(String space, UserId owner, KnowledgeBaseId knowledgeBaseId) {
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(knowledgeBaseId, "knowledgeBaseId");
        postgres.useTransaction(owner, h -> store.add(h, OutboxStore.Scope.KNOWLEDGE_BASE, space, owner.value(),
                knowledgeBaseId.value(), List.of(), List.of()));
        relay.wake();
    }

    @Override
    public void deleteOwner(UserId owner) {
        Objects.requireNonNull(owner, "owner");
        postgres.useAdminTransaction(h -> store.add(h, OutboxStore.Scope.OWNER, null, owner.value(), null, List.of(),
                List.of()));
        relay.wake();
    }

    /** Searches Milvus (which may lag PostgreSQL; see {@link MilvusOutboxRelay#awaitSync}). */
    @Override
    public List<IndexHit> search(IndexQuery query) {
        return milvus.search(query);
    }

    /** Stops the relay and closes the Milvus index. */
    @Override
    public void close() {
        relay.close();
    }

    @Override
    public String toString() {
        return "OutboxVectorIndex[" + relay + "]";
    }
}
