package dev.ragstore.milvus.internal;

import dev.ragstore.core.chunk.Chunk;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.user.UserId;
import dev.ragstore.postgres.ChunkWriteListener;
import org.jdbi.v3.core.Handle;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Records an outbox row in the transaction of every chunk replacement and deletion of a
 * PostgreSQL store: a DOCUMENT row for replaced chunks and deleted documents, an OWNER row for a
 * deleted user (all spaces). Shipping such a row makes Milvus drop what PostgreSQL no longer has;
 * the new chunks' vectors arrive through the outbox's vector index. Thread-safe.
 */
public final class OutboxListener implements ChunkWriteListener {

    private final OutboxStore store;

    public OutboxListener(OutboxStore store) {
        this.store = store;
    }

    @Override
    public void chunksReplaced(Handle handle, UserId owner, DocumentId documentId, List<Chunk> chunks) {
        store.add(handle, OutboxStore.Scope.DOCUMENT, null, owner.value(), null, List.of(documentId.value()), List.of());
    }

    @Override
    public void documentsDeleted(Handle handle, UserId owner, List<DocumentId> documentIds) {
        List<UUID> ids = new ArrayList<>(documentIds.size());
        for (DocumentId id : documentIds) {
            ids.add(id.value());
        }
        store.add(handle, OutboxStore.Scope.DOCUMENT, null, owner.value(), null, ids, List.of());
    }

    @Override
    public void ownerDeleted(Handle handle, UserId owner) {
        store.add(handle, OutboxStore.Scope.OWNER, null, owner.value(), null, List.of(), List.of());
    }

    @Override
    public String toString() {
        return "MilvusOutboxListener[schema=" + store.schema().name() + "]";
    }
}
