package dev.ragstore.milvus;

import dev.ragstore.core.search.IndexedChunk;
import dev.ragstore.milvus.internal.Expr;
import dev.ragstore.milvus.internal.IndexWrites;
import dev.ragstore.milvus.internal.MilvusFilter;
import dev.ragstore.milvus.internal.OutboxStore;
import dev.ragstore.milvus.internal.SpaceRegistry;
import dev.ragstore.postgres.PostgresStore;
import org.jdbi.v3.core.Handle;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Ships outbox rows to Milvus, one batch per PostgreSQL transaction: lock the relay (one shipper at
 * a time per schema), take the oldest rows, make Milvus agree with PostgreSQL on each row's scope,
 * then delete the rows and commit. A failure rolls the transaction back and the rows stay; a
 * shipper that dies after writing to Milvus but before the commit leaves them to be shipped
 * again, which is harmless: shipping reads PostgreSQL's current state and upserts by chunk id.
 *
 * <ul>
 *   <li>CHUNK: the chunk with its vector is upserted into its space; a chunk PostgreSQL no longer has
 *       (or has without a vector) is deleted by id.</li>
 *   <li>DOCUMENT, KNOWLEDGE_BASE, OWNER: in the row's space (or every space), Milvus's chunks of the
 *       scope that PostgreSQL does not have are deleted (by filter when PostgreSQL has none).</li>
 * </ul>
 * Because every row is judged against PostgreSQL's state as of the batch (read after the rows were
 * taken), the order of rows does not matter: a batch first deletes (the scope rows' leftovers in one
 * delete per space, then chunks gone by id), then upserts its chunks in batches per space.
 * Not thread-safe: the relay's single thread and {@code reconcile} (under the same lock) use it.
 */
final class OutboxShipper {

    private static final int DELETE_CHUNK = 1_000;
    /** The most kept ids a scope delete lists in its filter; beyond, Milvus's ids are listed instead. */
    private static final int KEEP_IN_FILTER = 5_000;
    /** The most scope conditions one delete combines. */
    private static final int CLAUSES_PER_DELETE = 200;

    private final PostgresStore postgres;
    private final OutboxStore store;
    private final MilvusVectorIndex milvus;
    private final Runnable afterMilvusWrite;
    private volatile List<Long> lastBatch = List.of();

    OutboxShipper(PostgresStore postgres, OutboxStore store, MilvusVectorIndex milvus, Runnable afterMilvusWrite) {
        this.postgres = postgres;
        this.store = store;
        this.milvus = milvus;
        this.afterMilvusWrite = afterMilvusWrite;
    }

    /** Ships up to {@code limit} rows; the number shipped (0 when none is pending or another relay ships). */
    int shipBatch(int limit) {
        return postgres.inAdminTransaction(h -> {
            if (!store.tryLock(h)) {
                return 0;
            }
            List<OutboxStore.Row> rows = store.pending(h, limit);
            if (rows.isEmpty()) {
                return 0;
            }
            List<Long> seqs = new ArrayList<>(rows.size());
            for (OutboxStore.Row row : rows) {
                seqs.add(row.seq());
            }
            lastBatch = seqs;
            apply(h, rows);
            afterMilvusWrite.run();
            store.delete(h, seqs);
            return rows.size();
        });
    }

    /** The sequence numbers of the batch last taken (shipped or failed). */
    List<Long> lastBatch() {
        return lastBatch;
    }

    private void apply(Handle h, List<OutboxStore.Row> rows) {
        // A scope named by several rows is synced once, in every space any of them names (null: all).
        Map<List<Object>, OutboxStore.Row> scopeRows = new LinkedHashMap<>();
        Map<List<Object>, Set<String>> named = new HashMap<>();
        List<OutboxStore.Row> chunkRows = new ArrayList<>();
        for (OutboxStore.Row row : rows) {
            if (row.scope() == OutboxStore.Scope.CHUNK) {
                chunkRows.add(row);
            } else {
                scopeRows.putIfAbsent(key(row), row);
                named.computeIfAbsent(key(row), k -> new HashSet<>()).add(row.space());
            }
        }
        Map<String, List<Expr>> leftovers = new LinkedHashMap<>();
        Map<String, SpaceRegistry.Space> bySpace = new HashMap<>();
        List<SpaceRegistry.Space> all = null;
        for (Map.Entry<List<Object>, OutboxStore.Row> entry : scopeRows.entrySet()) {
            OutboxStore.Row row = entry.getValue();
            Set<String> spaces = named.get(entry.getKey());
            List<SpaceRegistry.Space> targets = new ArrayList<>();
            if (spaces.contains(null)) {
                String known = row.scope() == OutboxStore.Scope.DOCUMENT ? store.spaceOfDocument(h, row.owner(), row.document())
                        : null;
                if (known != null) {
                    targets.addAll(spaces(known));
                } else {
                    all = all != null ? all : spaces(null);
                    targets.addAll(all);
                }
            } else {
                for (String space : spaces) {
                    targets.addAll(spaces(space));
                }
            }
            for (SpaceRegistry.Space target : targets) {
                Expr leftover = leftover(h, target, row.owner(), row.knowledgeBase(), row.document());
                if (leftover != null) {
                    bySpace.put(target.definition().name(), target);
                    leftovers.computeIfAbsent(target.definition().name(), s -> new ArrayList<>()).add(leftover);
                }
            }
        }
        for (Map.Entry<String, List<Expr>> entry : leftovers.entrySet()) {
            List<Expr> clauses = entry.getValue();
            for (int start = 0; start < clauses.size(); start += CLAUSES_PER_DELETE) {
                Expr where = Expr.or(clauses.subList(start, Math.min(clauses.size(), start + CLAUSES_PER_DELETE)));
                milvus.guarded(() -> {
                    milvus.writes().delete(bySpace.get(entry.getKey()), where);
                    return null;
                });
            }
        }
        shipChunks(h, chunkRows);
    }

    private static List<Object> key(OutboxStore.Row row) {
        return java.util.Arrays.asList(row.scope(), row.owner(), row.knowledgeBase(), row.document());
    }

    /** Upserts the current state of the rows' chunks; deletes those PostgreSQL no longer indexes. */
    private void shipChunks(Handle h, List<OutboxStore.Row> rows) {
        if (rows.isEmpty()) {
            return;
        }
        Set<UUID> ids = new HashSet<>();
        for (OutboxStore.Row row : rows) {
            ids.add(row.chunk());
        }
        Map<UUID, OutboxStore.IndexedState> states = store.states(h, ids);
        Map<String, List<IndexedChunk>> upserts = new LinkedHashMap<>();
        Map<String, Map<UUID, List<String>>> deletes = new LinkedHashMap<>();
        Set<UUID> done = new HashSet<>();
        for (OutboxStore.Row row : rows) {
            if (!done.add(row.chunk())) {
                continue;
            }
            OutboxStore.IndexedState state = states.get(row.chunk());
            if (state != null) {
                upserts.computeIfAbsent(state.space(), s -> new ArrayList<>()).add(state.chunk());
            }
            if (state == null || (row.space() != null && !row.space().equals(state.space()))) {
                // gone from PostgreSQL (or moved to another space): remove it where the row says
                deletes.computeIfAbsent(row.space(), s -> new LinkedHashMap<>())
                        .computeIfAbsent(row.owner(), o -> new ArrayList<>()).add(row.chunk().toString());
            }
        }
        for (Map.Entry<String, List<IndexedChunk>> entry : upserts.entrySet()) {
            milvus.guarded(() -> {
                milvus.writes().upsert(milvus.spaces().require(entry.getKey()), entry.getValue());
                return null;
            });
        }
        for (Map.Entry<String, Map<UUID, List<String>>> entry : deletes.entrySet()) {
            for (SpaceRegistry.Space space : spaces(entry.getKey())) {
                for (Map.Entry<UUID, List<String>> owned : entry.getValue().entrySet()) {
                    deleteIds(space, owned.getKey(), owned.getValue());
                }
            }
        }
    }

    /**
     * The condition selecting Milvus's chunks of a scope (in one space) that PostgreSQL does not
     * index: the scope itself when PostgreSQL has none, the scope minus the kept ids when there are
     * few; with many kept ids, Milvus's ids are listed and the difference deleted here, and the
     * result is {@code null}.
     */
    Expr leftover(Handle h, SpaceRegistry.Space target, UUID owner, UUID knowledgeBase, UUID document) {
        Expr scope = scope(owner, knowledgeBase, document);
        Set<String> kept = store.vectorIds(h, target.definition().name(), owner, knowledgeBase, document);
        if (kept.size() <= KEEP_IN_FILTER) {
            return Expr.and(scope, MilvusFilter.textNotIn(MilvusFilter.CHUNK_ID, new ArrayList<>(kept)));
        }
        IndexWrites writes = milvus.writes();
        Set<String> extra = milvus.guarded(() -> writes.ids(target, scope));
        extra.removeAll(kept);
        deleteIds(target, owner, new ArrayList<>(extra));
        return null;
    }

    /** The spaces a row names: one (if its collection exists) or, for {@code null}, every space. */
    List<SpaceRegistry.Space> spaces(String space) {
        return milvus.guarded(() -> {
            if (space == null) {
                return milvus.spaces().all();
            }
            Optional<SpaceRegistry.Space> found = milvus.spaces().find(space);
            return found.map(List::of).orElse(List.of());
        });
    }

    void deleteIds(SpaceRegistry.Space space, UUID owner, List<String> ids) {
        for (int start = 0; start < ids.size(); start += DELETE_CHUNK) {
            List<String> part = ids.subList(start, Math.min(ids.size(), start + DELETE_CHUNK));
            Expr where = Expr.and(MilvusFilter.textEquals(MilvusFilter.OWNER, owner.toString()),
                    MilvusFilter.textIn(MilvusFilter.CHUNK_ID, part));
            milvus.guarded(() -> {
                milvus.writes().delete(space, where);
                return null;
            });
        }
    }

    static Expr scope(UUID owner, UUID knowledgeBase, UUID document) {
        List<Expr> parts = new ArrayList<>();
        parts.add(MilvusFilter.textEquals(MilvusFilter.OWNER, owner.toString()));
        if (knowledgeBase != null) {
            parts.add(MilvusFilter.textEquals(MilvusFilter.KNOWLEDGE_BASE, knowledgeBase.toString()));
        }
        if (document != null) {
            parts.add(MilvusFilter.textEquals(MilvusFilter.DOCUMENT, document.toString()));
        }
        return Expr.and(parts);
    }
}
