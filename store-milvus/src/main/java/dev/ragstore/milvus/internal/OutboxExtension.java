package dev.ragstore.milvus.internal;

import dev.ragstore.core.chunk.Chunk;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.user.UserId;
import dev.ragstore.postgres.spi.PgExtension;
import dev.ragstore.postgres.spi.PgHost;
import dev.ragstore.postgres.spi.PgScope;
import dev.ragstore.postgres.spi.PgSession;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The Milvus outbox as an extension of a {@code PostgresStore}: its tables are created by the
 * store's migrations, and every chunk replacement and deletion records an outbox row in its
 * transaction — a DOCUMENT row for replaced chunks and deleted documents, an OWNER row for a
 * deleted user (all spaces). Shipping such a row makes Milvus drop what PostgreSQL no longer has;
 * the new chunks' vectors arrive through the outbox's vector index. Thread-safe.
 */
public final class OutboxExtension implements PgExtension {

    private volatile OutboxStore store;
    private volatile PgHost host;

    @Override
    public String name() {
        return "milvus-outbox";
    }

    @Override
    public Optional<String> migrationLocation() {
        return Optional.of(OutboxStore.LOCATION);
    }

    @Override
    public List<String> requiredTables() {
        return List.of(OutboxStore.OUTBOX, OutboxStore.VECTORS);
    }

    @Override
    public void start(PgHost host) {
        this.host = host;
        this.store = new OutboxStore(host);
    }

    /** The outbox of the started store. */
    public OutboxStore store() {
        OutboxStore current = store;
        if (current == null) {
            throw new IllegalStateException("the Milvus outbox is installed but its store has not started");
        }
        return current;
    }

    /** The store as the outbox sees it. */
    public PgHost host() {
        store();
        return host;
    }

    @Override
    public void chunksReplaced(PgSession session, DocumentId documentId, List<Chunk> chunks) {
        store().add(session.handle(), OutboxStore.Scope.DOCUMENT, null, owner(session), null, List.of(documentId.value()),
                List.of());
    }

    @Override
    public void documentsDeleted(PgSession session, List<DocumentId> documentIds) {
        List<UUID> ids = new ArrayList<>(documentIds.size());
        for (DocumentId id : documentIds) {
            ids.add(id.value());
        }
        store().add(session.handle(), OutboxStore.Scope.DOCUMENT, null, owner(session), null, ids, List.of());
    }

    @Override
    public void ownerDeleted(PgSession session, UserId owner) {
        store().add(session.handle(), OutboxStore.Scope.OWNER, null, owner.value(), null, List.of(), List.of());
    }

    @Override
    public String toString() {
        return "MilvusOutboxExtension[" + (store == null ? "not started" : "schema " + store.schema()) + "]";
    }

    private static UUID owner(PgSession session) {
        if (session.scope() instanceof PgScope.Owner owner) {
            return owner.id().value();
        }
        throw new IllegalStateException("chunk hooks run in an owner's scope, not " + session.scope());
    }
}
