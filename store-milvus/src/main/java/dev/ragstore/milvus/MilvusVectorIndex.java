package dev.ragstore.milvus;

import dev.ragstore.core.chunk.ChunkId;
import dev.ragstore.core.chunk.DistanceMetric;
import dev.ragstore.core.chunk.Embedding;
import dev.ragstore.core.chunk.EmbeddingSpace;
import dev.ragstore.core.chunk.VectorType;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.error.StoreUnavailableException;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.search.IndexCapabilities;
import dev.ragstore.core.search.IndexHit;
import dev.ragstore.core.search.IndexQuery;
import dev.ragstore.core.search.IndexedChunk;
import dev.ragstore.core.search.SearchMode;
import dev.ragstore.core.search.VectorIndex;
import dev.ragstore.core.user.UserId;
import dev.ragstore.milvus.internal.Expr;
import dev.ragstore.milvus.internal.IndexSearches;
import dev.ragstore.milvus.internal.IndexWrites;
import dev.ragstore.milvus.internal.MilvusConnection;
import dev.ragstore.milvus.internal.MilvusErrors;
import dev.ragstore.milvus.internal.MilvusFilter;
import dev.ragstore.milvus.internal.ServerFeatures;
import dev.ragstore.milvus.internal.SpaceRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A {@link VectorIndex} on Milvus through milvus-sdk-java's v2 client: one collection per
 * embedding space (named collection prefix + space name), the owner as partition key, the
 * built-in fields as scalar fields, metadata as JSON, a dense HNSW (or AUTOINDEX) index in the
 * space's metric and, where the server has it, BM25 full-text search on the chunk text. Build it
 * with {@link #builder()}.
 *
 * <ul>
 *   <li>Scores follow {@link DistanceMetric}: cosine similarity, dot product, negated Euclidean
 *       distance; KEYWORD scores are BM25 (positive); HYBRID fuses separate VECTOR and KEYWORD
 *       searches by reciprocal rank fusion (k = 60) so each hit carries its true per-mode ranks.
 *       {@code minScore} is inclusive and applies after conversion.</li>
 *   <li>Filters are translated with the semantics of {@link dev.ragstore.core.filter.Filter}; the owner
 *       and knowledge-base terms always come from the {@link IndexQuery}.</li>
 *   <li>{@link #capabilities()} reports what the connected server offers (Milvus Lite has no FLOAT16
 *       vectors); multi-vector search is not implemented.</li>
 *   <li>Upserts are checked in full before the first batch is sent; batches stay within the
 *       configured row and byte limits. Deletes on a space that was never created do nothing.</li>
 *   <li>Failures are {@link StoreUnavailableException}s ({@code "milvus"}; retryable when the server
 *       is unreachable or a deadline passed), retried with backoff a bounded number of times.</li>
 * </ul>
 * Thread-safe. After {@link #close()} every call except {@link #capabilities()} fails with a
 * non-retryable {@link StoreUnavailableException}.
 */
public final class MilvusVectorIndex implements VectorIndex {

    /** The adapter name in {@link IndexCapabilities#adapter()}. */
    public static final String ADAPTER = "milvus";
    private static final Logger LOG = LoggerFactory.getLogger(MilvusVectorIndex.class);

    private final MilvusConnection connection;
    private final SpaceRegistry spaces;
    private final IndexWrites writes;
    private final IndexSearches searches;
    private final IndexCapabilities capabilities;
    private volatile boolean closed;

    MilvusVectorIndex(MilvusConnection connection) {
        this.connection = connection;
        this.spaces = new SpaceRegistry(connection);
        this.writes = new IndexWrites(connection, spaces);
        this.searches = new IndexSearches(connection, spaces);
        this.capabilities = capabilities(connection.features());
        LOG.info("MilvusVectorIndex connected to {} ({}): {}", connection.settings().address(),
                connection.features().version(), connection.settings());
    }

    /** A builder with the defaults of its setters' documentation; {@link MilvusVectorIndexBuilder#uri(String)} is required. */
    public static MilvusVectorIndexBuilder builder() {
        return new MilvusVectorIndexBuilder();
    }

    private static IndexCapabilities capabilities(ServerFeatures features) {
        Set<VectorType> types = features.float16() ? EnumSet.allOf(VectorType.class) : EnumSet.of(VectorType.FLOAT32);
        Set<SearchMode> modes = features.bm25() ? EnumSet.allOf(SearchMode.class) : EnumSet.of(SearchMode.VECTOR);
        Set<String> limitations = new LinkedHashSet<>(features.limitations());
        limitations.add("multi-vector (late interaction) search is not implemented");
        limitations.add("keyword search indexes the first 65,535 UTF-8 bytes of a chunk's text (Milvus VarChar limit)");
        limitations.add("HYBRID runs the VECTOR and KEYWORD searches separately and fuses them client-side "
                + "(reciprocal rank fusion, k = 60), to report exact per-mode ranks: two round trips");
        limitations.add("created times are stored with microsecond precision");
        return new IndexCapabilities(ADAPTER, EnumSet.allOf(DistanceMetric.class), types, modes, false, limitations);
    }

    @Override
    public IndexCapabilities capabilities() {
        return capabilities;
    }

    /**
     * Creates the collection of {@code space}, or checks that the existing one holds the same
     * dimension, metric and vector type (the model name may differ).
     *
     * @throws dev.ragstore.core.error.ConflictException if it exists with another definition or layout
     * @throws InvalidInputException if the server cannot hold the vector type
     * @throws StoreUnavailableException if Milvus fails
     */
    @Override
    public void createSpace(EmbeddingSpace space) {
        Objects.requireNonNull(space, "space");
        guarded(() -> spaces.create(space));
    }

    /**
     * Inserts or replaces chunks by chunk id, in batches.
     *
     * @throws dev.ragstore.core.error.NotFoundException if the space was never created
     * @throws InvalidInputException if a chunk has a vector of the wrong dimension or several vectors;
     *         nothing is written
     */
    @Override
    public void upsert(String space, List<IndexedChunk> chunks) {
        Objects.requireNonNull(space, "space");
        List<IndexedChunk> copy = List.copyOf(chunks);
        guarded(() -> {
            SpaceRegistry.Space target = spaces.require(space);
            if (!copy.isEmpty()) {
                writes.upsert(target, copy);
            }
            return null;
        });
    }

    @Override
    public void deleteChunks(String space, UserId owner, Collection<ChunkId> chunkIds) {
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(owner, "owner");
        List<String> ids = new ArrayList<>();
        for (ChunkId id : chunkIds) {
            ids.add(id.value().toString());
        }
        deleteWhere(space, Expr.and(owned(owner), MilvusFilter.textIn(MilvusFilter.CHUNK_ID, ids)));
    }

    @Override
    public void deleteDocument(String space, UserId owner, DocumentId documentId) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(documentId, "documentId");
        deleteWhere(space, Expr.and(owned(owner),
                MilvusFilter.textEquals(MilvusFilter.DOCUMENT, documentId.value().toString())));
    }

    @Override
    public void deleteKnowledgeBase(String space, UserId owner, KnowledgeBaseId knowledgeBaseId) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(knowledgeBaseId, "knowledgeBaseId");
        deleteWhere(space, Expr.and(owned(owner),
                MilvusFilter.textEquals(MilvusFilter.KNOWLEDGE_BASE, knowledgeBaseId.value().toString())));
    }

    /** Removes every chunk of {@code owner} from every collection with this index's prefix. */
    @Override
    public void deleteOwner(UserId owner) {
        Objects.requireNonNull(owner, "owner");
        guarded(() -> {
            for (SpaceRegistry.Space space : spaces.all()) {
                writes.delete(space, owned(owner));
            }
            return null;
        });
    }

    /**
     * Searches one space (see the class documentation for scores and modes).
     *
     * @throws dev.ragstore.core.error.NotFoundException if the space was never created
     * @throws InvalidInputException if the mode is not in {@link #capabilities()}, several query vectors
     *         are given, or a query vector has the wrong dimension
     */
    @Override
    public List<IndexHit> search(IndexQuery query) {
        Objects.requireNonNull(query, "query");
        return guarded(() -> {
            if (!capabilities.modes().contains(query.mode())) {
                throw InvalidInputException.of("search mode", "must be one of " + capabilities.modes()
                        + ": vector index '" + ADAPTER + "' lacks the capability " + query.mode() + " on server "
                        + connection.features().version(), query.mode());
            }
            SpaceRegistry.Space target = spaces.require(query.space());
            if (query.mode() != SearchMode.KEYWORD) {
                if (query.vectors().size() != 1) {
                    throw InvalidInputException.of("search vectors", "must be a single vector: vector index '" + ADAPTER
                            + "' lacks the capability multi-vector search", query.vectors().size());
                }
                for (Embedding vector : query.vectors()) {
                    vector.requireDimension(target.definition());
                }
            }
            return searches.search(target, query);
        });
    }

    /** Closes the client; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        connection.close();
        LOG.info("MilvusVectorIndex at {} closed", connection.settings().address());
    }

    /** The configuration, with credentials masked, and the server version. */
    @Override
    public String toString() {
        return "MilvusVectorIndex[" + connection.settings() + ", server=" + connection.features().version()
                + (closed ? ", closed" : "") + "]";
    }

    // ---- for the outbox relay (same package) ----

    SpaceRegistry spaces() {
        return spaces;
    }

    IndexWrites writes() {
        return writes;
    }

    MilvusConnection connection() {
        return connection;
    }

    /** Runs {@code work} unless the index is closed. */
    <T> T guarded(Supplier<T> work) {
        if (closed) {
            throw new StoreUnavailableException(MilvusErrors.STORE, false, "MilvusVectorIndex at "
                    + connection.settings().address() + " is closed; build a new one", null);
        }
        return work.get();
    }

    private void deleteWhere(String space, Expr where) {
        Objects.requireNonNull(space, "space");
        guarded(() -> {
            spaces.find(space).ifPresent(target -> writes.delete(target, where));
            return null;
        });
    }

    private static Expr owned(UserId owner) {
        return MilvusFilter.textEquals(MilvusFilter.OWNER, owner.value().toString());
    }
}
