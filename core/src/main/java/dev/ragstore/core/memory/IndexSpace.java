package dev.ragstore.core.memory;

import dev.ragstore.core.chunk.ChunkId;
import dev.ragstore.core.chunk.EmbeddingSpace;
import dev.ragstore.core.user.UserId;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The chunks of one embedding space, grouped by owner, with one BM25 {@link Bm25.Corpus} per
 * owner. Not thread-safe: guarded by the lock of {@link InMemoryVectorIndex}.
 */
final class IndexSpace {

    private static final Bm25.Corpus EMPTY_CORPUS = new Bm25.Corpus();

    private final EmbeddingSpace definition;
    private final Map<ChunkId, IndexEntry> entries = new HashMap<>();
    private final Map<UserId, Map<ChunkId, IndexEntry>> byOwner = new HashMap<>();
    private final Map<UserId, Bm25.Corpus> corpora = new HashMap<>();

    IndexSpace(EmbeddingSpace definition) {
        this.definition = definition;
    }

    EmbeddingSpace definition() {
        return definition;
    }

    /** Inserts or replaces (by chunk id) one entry. */
    void put(IndexEntry entry) {
        remove(entry.chunkId());
        entries.put(entry.chunkId(), entry);
        byOwner.computeIfAbsent(entry.ownerId(), o -> new HashMap<>()).put(entry.chunkId(), entry);
        corpora.computeIfAbsent(entry.ownerId(), o -> new Bm25.Corpus()).add(entry.terms());
    }

    /** Removes one entry if present. */
    void remove(ChunkId chunkId) {
        IndexEntry old = entries.remove(chunkId);
        if (old == null) {
            return;
        }
        Map<ChunkId, IndexEntry> owned = byOwner.get(old.ownerId());
        owned.remove(chunkId);
        Bm25.Corpus corpus = corpora.get(old.ownerId());
        corpus.remove(old.terms());
        if (owned.isEmpty()) {
            byOwner.remove(old.ownerId());
            corpora.remove(old.ownerId());
        }
    }

    /** Removes the owner's entries that {@code which} selects. */
    void removeOwned(UserId owner, Predicate<IndexEntry> which) {
        List<ChunkId> doomed = new ArrayList<>();
        for (IndexEntry entry : ofOwner(owner)) {
            if (which.test(entry)) {
                doomed.add(entry.chunkId());
            }
        }
        doomed.forEach(this::remove);
    }

    /** The owner's entry with that id, or {@code null}. */
    IndexEntry get(UserId owner, ChunkId chunkId) {
        IndexEntry entry = entries.get(chunkId);
        return entry != null && entry.ownerId().equals(owner) ? entry : null;
    }

    /** The owner's entries, in no particular order; a read-only view. */
    Collection<IndexEntry> ofOwner(UserId owner) {
        Map<ChunkId, IndexEntry> owned = byOwner.get(owner);
        return owned == null ? List.of() : Collections.unmodifiableCollection(owned.values());
    }

    /** BM25 statistics over all of the owner's chunks in this space. */
    Bm25.Corpus corpus(UserId owner) {
        return corpora.getOrDefault(owner, EMPTY_CORPUS);
    }

    /** Every entry, in no particular order; a read-only view. */
    Collection<IndexEntry> all() {
        return Collections.unmodifiableCollection(entries.values());
    }
}
