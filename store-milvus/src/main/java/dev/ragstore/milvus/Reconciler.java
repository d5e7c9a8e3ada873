package dev.ragstore.milvus;

import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.search.IndexedChunk;
import dev.ragstore.core.user.UserId;
import dev.ragstore.milvus.internal.Expr;
import dev.ragstore.milvus.internal.OutboxStore;
import dev.ragstore.milvus.internal.SpaceRegistry;
import dev.ragstore.postgres.PostgresStore;
import org.jdbi.v3.core.Handle;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Compares one knowledge base's chunk ids in PostgreSQL (those with a vector) with Milvus's and
 * repairs the difference: missing chunks are upserted from PostgreSQL, extra ones deleted. Runs
 * under the relay's lock, so it never interleaves with a shipped batch. Thread-safe.
 */
final class Reconciler {

    private final PostgresStore postgres;
    private final OutboxStore store;
    private final MilvusVectorIndex milvus;
    private final OutboxShipper shipper;

    Reconciler(PostgresStore postgres, OutboxStore store, MilvusVectorIndex milvus, OutboxShipper shipper) {
        this.postgres = postgres;
        this.store = store;
        this.milvus = milvus;
        this.shipper = shipper;
    }

    ReconcileReport reconcile(UserId owner, KnowledgeBaseId knowledgeBase) {
        UUID ownerId = owner.value();
        UUID kb = knowledgeBase.value();
        return postgres.inAdminTransaction(h -> {
            store.lock(h);
            Expr scope = OutboxShipper.scope(ownerId, kb, null);
            String spaceName = store.spaceOf(h, ownerId, kb);
            if (spaceName == null) {
                return vanished(knowledgeBase, ownerId, scope);
            }
            SpaceRegistry.Space space = milvus.guarded(() -> milvus.spaces().find(spaceName))
                    .orElseThrow(() -> new NotFoundException("embedding space", spaceName));
            long inPostgres = store.chunkCount(h, ownerId, kb);
            Set<String> kept = store.vectorIds(h, spaceName, ownerId, kb, null);
            Set<String> inMilvus = milvus.guarded(() -> milvus.writes().ids(space, scope));
            Set<String> missing = new HashSet<>(kept);
            missing.removeAll(inMilvus);
            Set<String> extra = new HashSet<>(inMilvus);
            extra.removeAll(kept);
            upsert(h, space, missing);
            shipper.deleteIds(space, ownerId, new ArrayList<>(extra));
            return new ReconcileReport(knowledgeBase, spaceName, inPostgres, inPostgres - kept.size(), inMilvus.size(),
                    missing.size(), extra.size());
        });
    }

    /** The knowledge base is gone from PostgreSQL: whatever Milvus still has of it, in any space, is extra. */
    private ReconcileReport vanished(KnowledgeBaseId knowledgeBase, UUID owner, Expr scope) {
        long extra = 0;
        for (SpaceRegistry.Space space : shipper.spaces(null)) {
            Set<String> ids = milvus.guarded(() -> milvus.writes().ids(space, scope));
            extra += ids.size();
            shipper.deleteIds(space, owner, new ArrayList<>(ids));
        }
        return new ReconcileReport(knowledgeBase, null, 0, 0, extra, 0, extra);
    }

    private void upsert(Handle h, SpaceRegistry.Space space, Set<String> ids) {
        List<UUID> uuids = new ArrayList<>(ids.size());
        for (String id : ids) {
            uuids.add(UUID.fromString(id));
        }
        int step = 1_000;
        for (int start = 0; start < uuids.size(); start += step) {
            Map<UUID, OutboxStore.IndexedState> states = store.states(h, uuids.subList(start, Math.min(uuids.size(), start + step)));
            List<IndexedChunk> chunks = new ArrayList<>(states.size());
            for (OutboxStore.IndexedState state : states.values()) {
                chunks.add(state.chunk());
            }
            if (!chunks.isEmpty()) {
                milvus.guarded(() -> {
                    milvus.writes().upsert(space, chunks);
                    return null;
                });
            }
        }
    }
}
