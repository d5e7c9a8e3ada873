package dev.ragstore.core.memory;

import dev.ragstore.core.chunk.ChunkId;
import dev.ragstore.core.chunk.DistanceMetric;
import dev.ragstore.core.chunk.EmbeddingSpace;
import dev.ragstore.core.chunk.VectorType;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.error.ConflictException;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.error.StoreUnavailableException;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.search.IndexCapabilities;
import dev.ragstore.core.search.IndexHit;
import dev.ragstore.core.search.IndexQuery;
import dev.ragstore.core.search.IndexedChunk;
import dev.ragstore.core.search.SearchMode;
import dev.ragstore.core.search.VectorIndex;
import dev.ragstore.core.user.UserId;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A {@link VectorIndex} in memory with exact (brute-force) search: the reference for every other
 * index and the embedded default.
 *
 * <ul>
 *   <li>Metrics COSINE, INNER_PRODUCT and L2; vector types FLOAT32 and FLOAT16 (components are
 *       rounded to the nearest half value, ties to even, and must lie within ±65504, like
 *       pgvector's {@code halfvec}; query vectors of a FLOAT16 space are rounded the same way).</li>
 *   <li>Multi-vector chunks and queries are scored by MaxSim: the sum over query vectors of the
 *       best similarity to any of the chunk's vectors (one vector each: the plain similarity).</li>
 *   <li>KEYWORD is BM25 (k1 = 1.2, b = 0.75) over lower-cased runs of letters and digits, with
 *       corpus statistics taken from all of the query owner's chunks in the space (not only the
 *       searched knowledge bases, and before the filter). HYBRID fuses the best
 *       {@code max(4·topK, 50)} of each ranking by reciprocal rank fusion (k = 60).</li>
 *   <li>Ties are broken by chunk id; {@code minScore} is inclusive and applies to the mode's
 *       final score.</li>
 * </ul>
 *
 * <p>Thread-safe: searches share a read lock, writes take the write lock, and an
 * {@link #upsert} batch is checked completely before any of it is written. Deletes on a space
 * that was never created do nothing. After {@link #close()} every call except
 * {@link #capabilities()} throws a non-retryable {@link StoreUnavailableException}.
 */
public final class InMemoryVectorIndex implements VectorIndex {

    private static final String ADAPTER = "memory";
    private static final IndexCapabilities CAPABILITIES = new IndexCapabilities(ADAPTER,
            EnumSet.allOf(DistanceMetric.class), EnumSet.allOf(VectorType.class), EnumSet.allOf(SearchMode.class),
            true, Set.of());

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, IndexSpace> spaces = new LinkedHashMap<>();
    private volatile boolean closed;

    private InMemoryVectorIndex() {
    }

    /** A new, empty index. */
    public static InMemoryVectorIndex create() {
        return new InMemoryVectorIndex();
    }

    @Override
    public IndexCapabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public void createSpace(EmbeddingSpace space) {
        Objects.requireNonNull(space, "space");
        write(() -> {
            IndexSpace existing = spaces.get(space.name());
            if (existing == null) {
                spaces.put(space.name(), new IndexSpace(space));
            } else {
                EmbeddingSpace e = existing.definition();
                if (e.dimension() != space.dimension() || e.metric() != space.metric() || e.vectorType() != space.vectorType()) {
                    throw new ConflictException("embedding_space.definition", "embedding space '" + space.name()
                            + "' exists with dimension " + e.dimension() + ", metric " + e.metric() + " and type "
                            + e.vectorType() + ", not dimension " + space.dimension() + ", metric " + space.metric()
                            + " and type " + space.vectorType() + "; use a new space name to change the model");
                }
            }
            return null;
        });
    }

    @Override
    public void upsert(String space, List<IndexedChunk> chunks) {
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(chunks, "chunks");
        EmbeddingSpace definition = read(() -> requireSpace(space).definition());
        // Check and convert the whole batch before taking the write lock: all or nothing.
        List<IndexEntry> entries = new ArrayList<>(chunks.size());
        for (IndexedChunk chunk : chunks) {
            entries.add(IndexEntry.of(Objects.requireNonNull(chunk, "chunk"), definition));
        }
        write(() -> {
            IndexSpace target = requireSpace(space);
            entries.forEach(target::put);
            return null;
        });
    }

    @Override
    public void deleteChunks(String space, UserId owner, Collection<ChunkId> chunkIds) {
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(owner, "owner");
        List<ChunkId> ids = List.copyOf(chunkIds);
        write(() -> {
            IndexSpace target = spaces.get(space);
            if (target != null) {
                for (ChunkId id : ids) {
                    if (target.get(owner, id) != null) {
                        target.remove(id);
                    }
                }
            }
            return null;
        });
    }

    @Override
    public void deleteDocument(String space, UserId owner, DocumentId documentId) {
        Objects.requireNonNull(documentId, "documentId");
        removeOwned(space, owner, entry -> entry.documentId().equals(documentId));
    }

    @Override
    public void deleteKnowledgeBase(String space, UserId owner, KnowledgeBaseId knowledgeBaseId) {
        Objects.requireNonNull(knowledgeBaseId, "knowledgeBaseId");
        removeOwned(space, owner, entry -> entry.knowledgeBaseId().equals(knowledgeBaseId));
    }

    @Override
    public void deleteOwner(UserId owner) {
        Objects.requireNonNull(owner, "owner");
        write(() -> {
            spaces.values().forEach(target -> target.removeOwned(owner, entry -> true));
            return null;
        });
    }

    @Override
    public List<IndexHit> search(IndexQuery query) {
        Objects.requireNonNull(query, "query");
        return read(() -> {
            IndexSpace target = requireSpace(query.space());
            if (!CAPABILITIES.supports(query.mode())) {
                throw InvalidInputException.of("search mode", "must be one of " + CAPABILITIES.modes(), query.mode());
            }
            float[][] vectors = query.mode() == SearchMode.KEYWORD ? new float[0][]
                    : IndexEntry.storedVectors(query.vectors(), target.definition(), "query vector");
            return IndexSearch.search(target, query, vectors);
        });
    }

    /** Makes every later call but {@link #capabilities()} fail; idempotent. */
    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            closed = true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Every space with its entries, under the read lock, for {@link InMemorySnapshot}. */
    <T> T readSpaces(Function<Collection<IndexSpace>, T> reader) {
        return read(() -> reader.apply(List.copyOf(spaces.values())));
    }

    /** Loads spaces into an empty index, for {@link InMemorySnapshot}. */
    void load(List<EmbeddingSpace> definitions, List<List<IndexedChunk>> chunksPerSpace) {
        List<IndexSpace> loaded = new ArrayList<>();
        for (int i = 0; i < definitions.size(); i++) {
            IndexSpace space = new IndexSpace(definitions.get(i));
            for (IndexedChunk chunk : chunksPerSpace.get(i)) {
                space.put(IndexEntry.of(chunk, space.definition()));
            }
            loaded.add(space);
        }
        write(() -> {
            if (!spaces.isEmpty()) {
                throw InvalidInputException.of("snapshot target vector index", "must be empty", spaces.size() + " spaces");
            }
            loaded.forEach(space -> spaces.put(space.definition().name(), space));
            return null;
        });
    }

    /** Whether no space exists. */
    boolean isEmpty() {
        return read(spaces::isEmpty);
    }

    private void removeOwned(String space, UserId owner, Predicate<IndexEntry> which) {
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(owner, "owner");
        write(() -> {
            IndexSpace target = spaces.get(space);
            if (target != null) {
                target.removeOwned(owner, which);
            }
            return null;
        });
    }

    private IndexSpace requireSpace(String name) {
        IndexSpace space = spaces.get(name);
        if (space == null) {
            throw new NotFoundException("embedding space", name);
        }
        return space;
    }

    private <T> T read(Supplier<T> action) {
        return locked(lock.readLock(), action);
    }

    private <T> T write(Supplier<T> action) {
        return locked(lock.writeLock(), action);
    }

    private <T> T locked(Lock held, Supplier<T> action) {
        held.lock();
        try {
            if (closed) {
                throw new StoreUnavailableException(ADAPTER, false, "the in-memory vector index is closed", null);
            }
            return action.get();
        } finally {
            held.unlock();
        }
    }
}
