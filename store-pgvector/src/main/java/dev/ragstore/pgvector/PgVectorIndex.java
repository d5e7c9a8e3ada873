package dev.ragstore.pgvector;

import dev.ragstore.core.chunk.ChunkId;
import dev.ragstore.core.chunk.DistanceMetric;
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
import dev.ragstore.pgvector.internal.IndexSettings;
import dev.ragstore.pgvector.internal.SpaceRegistry;
import dev.ragstore.pgvector.internal.VectorExtension;
import dev.ragstore.pgvector.internal.VectorOperations;
import dev.ragstore.postgres.PostgresStore;
import dev.ragstore.postgres.spi.PgExtension;
import dev.ragstore.postgres.spi.PgHost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link VectorIndex} in PostgreSQL with pgvector, in the schema and transactions of a
 * {@link PostgresStore}. Installed on the store's builder, then taken from the built store:
 *
 * <pre>{@code
 * PostgresStore postgres = PostgresStore.builder().jdbcUrl(url).schema("ragstore")
 *         .install(PgVectorIndex.extension(PgVectorOptions.builder().efSearch(100).build()))
 *         .build();                                  // migrates the store and pgvector's registry
 * PgVectorIndex vectors = PgVectorIndex.of(postgres);
 * }</pre>
 *
 * <ul>
 *   <li>One table per embedding space ({@code vectors_<space>}, a {@code vector(d)} or
 *       {@code halfvec(d)} column) with an HNSW (default) or IVFFlat index, plus
 *       {@code multivectors_<space>} for chunks that carry several vectors.</li>
 *   <li>Writes run in the store's transaction for the owner and join a transaction the calling
 *       thread already runs ({@link PostgresStore#inTransaction}), so chunk rows and their vectors
 *       commit together. Upserts travel by binary {@code COPY}.</li>
 *   <li>VECTOR search is exact for owners with few rows in the searched knowledge bases and an
 *       iterative ANN scan otherwise, so a selective owner or filter still gets {@code topK} hits
 *       when that many match; KEYWORD ranks by PostgreSQL {@code ts_rank}; HYBRID fuses both by
 *       reciprocal rank fusion in one statement; several query vectors are scored by MaxSim.</li>
 * </ul>
 *
 * <p>Deleted documents, knowledge bases and users take their vectors with them in the store's own
 * transaction ({@link #followsRelationalDeletes()}). Thread-safe. {@link #close()} does not close
 * the store.
 *
 * @since 0.1
 */
public final class PgVectorIndex implements VectorIndex {

    /** The adapter name in {@link IndexCapabilities}. */
    public static final String ADAPTER = "pgvector";

    private static final Logger LOG = LoggerFactory.getLogger(PgVectorIndex.class);

    private final PgHost host;
    private final IndexSettings settings;
    private final VectorOperations operations;
    private final IndexCapabilities capabilities;
    private final AtomicBoolean closed = new AtomicBoolean();

    private PgVectorIndex(PgHost host, IndexSettings settings, VectorOperations operations) {
        this.host = host;
        this.settings = settings;
        this.operations = operations;
        this.capabilities = new IndexCapabilities(ADAPTER, EnumSet.allOf(DistanceMetric.class),
                EnumSet.allOf(VectorType.class), EnumSet.allOf(SearchMode.class), true,
                Set.of("dimension at most " + SpaceRegistry.MAX_INDEXED_FLOAT32 + " for FLOAT32 and "
                                + SpaceRegistry.MAX_INDEXED_FLOAT16 + " for FLOAT16 (pgvector's index limit)",
                        "KEYWORD scores are PostgreSQL ts_rank over the '" + settings.textSearchConfig()
                                + "' text search configuration, not BM25"));
    }

    /**
     * The extension to install on {@code PostgresStore.builder().install(...)}, with the default
     * options: pgvector's migration runs with the store's, and deleted documents, knowledge bases
     * and users take their vectors with them in the store's transaction.
     */
    public static PgExtension extension() {
        return extension(PgVectorOptions.defaults());
    }

    /** {@link #extension()} with {@code options}. */
    public static PgExtension extension(PgVectorOptions options) {
        Objects.requireNonNull(options, "options");
        return new VectorExtension(options::settings, options.textSearchConfig());
    }

    /**
     * An index on {@code postgres}, which must have been built with
     * {@code install(PgVectorIndex.extension(...))}. Every call returns a new view of the same
     * index (same tables, settings and caches); closing a view makes only that view fail.
     *
     * @throws InvalidInputException naming the missing {@code install(...)} call otherwise
     */
    public static PgVectorIndex of(PostgresStore postgres) {
        Objects.requireNonNull(postgres, "postgres");
        VectorExtension extension = postgres.extension(VectorExtension.class).orElseThrow(() ->
                InvalidInputException.withoutValue("postgres", "must be built with "
                        + ".install(PgVectorIndex.extension()) on PostgresStore.builder() before PgVectorIndex.of(postgres)"
                        + " (schema " + postgres.schema() + ")"));
        VectorExtension.Started started = extension.started();
        return new PgVectorIndex(started.host(), started.settings(), started.operations());
    }

    /** {@code true}: vectors are deleted by the store's own chunk and delete transactions. */
    @Override
    public boolean followsRelationalDeletes() {
        return true;
    }

    @Override
    public IndexCapabilities capabilities() {
        return capabilities;
    }

    /**
     * {@inheritDoc} Creates {@code vectors_<name>} and {@code multivectors_<name>} with their
     * indexes (the ANN index too unless {@link PgVectorOptions.Builder#annIndexOnCreate(boolean)} is off).
     *
     * @throws InvalidInputException if the dimension is above 2,000 (FLOAT32) or 4,000 (FLOAT16)
     */
    @Override
    public void createSpace(EmbeddingSpace space) {
        Objects.requireNonNull(space, "space");
        requireOpen();
        operations.createSpace(space);
    }

    /**
     * Builds the ANN indexes of {@code space} if they do not exist: for spaces created with
     * {@link PgVectorOptions.Builder#annIndexOnCreate(boolean) annIndexOnCreate(false)} after a bulk load (faster
     * than indexing row by row; for IVFFlat, the lists are learnt from the data present).
     *
     * @throws dev.ragstore.core.error.NotFoundException if the space was never created
     */
    public void buildAnnIndexes(String space) {
        Objects.requireNonNull(space, "space");
        requireOpen();
        operations.buildAnnIndexes(space);
    }

    @Override
    public void upsert(String space, List<IndexedChunk> chunks) {
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(chunks, "chunks");
        requireOpen();
        operations.upsert(space, chunks);
    }

    /** {@inheritDoc} Deletes from a space that was never created do nothing. */
    @Override
    public void deleteChunks(String space, UserId owner, Collection<ChunkId> chunkIds) {
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(chunkIds, "chunkIds");
        requireOpen();
        operations.deleteChunks(space, owner, chunkIds);
    }

    @Override
    public void deleteDocument(String space, UserId owner, DocumentId documentId) {
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(documentId, "documentId");
        requireOpen();
        operations.deleteDocument(space, owner, documentId);
    }

    @Override
    public void deleteKnowledgeBase(String space, UserId owner, KnowledgeBaseId knowledgeBaseId) {
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(knowledgeBaseId, "knowledgeBaseId");
        requireOpen();
        operations.deleteKnowledgeBase(space, owner, knowledgeBaseId);
    }

    @Override
    public void deleteOwner(UserId owner) {
        Objects.requireNonNull(owner, "owner");
        requireOpen();
        operations.deleteOwner(owner);
    }

    /**
     * {@inheritDoc} Uses the index's default {@link SearchTuning}, with the query's
     * {@link IndexQuery#annCandidates()} as HNSW {@code ef_search} when it has one.
     */
    @Override
    public List<IndexHit> search(IndexQuery query) {
        Objects.requireNonNull(query, "query");
        return search(query, tuningFor(query));
    }

    /** The index's default tuning, with {@code ef_search} from the query when it names a number of candidates. */
    SearchTuning tuningFor(IndexQuery query) {
        return query.annCandidates() == null ? settings.tuning() : settings.tuning().withEfSearch(query.annCandidates());
    }

    /**
     * {@link #search(IndexQuery)} with per-query settings, e.g. a larger {@code efSearch} for
     * better recall on one query.
     *
     * @throws dev.ragstore.core.error.NotFoundException if the space was never created
     * @throws InvalidInputException if a query vector has the wrong dimension
     */
    public List<IndexHit> search(IndexQuery query, SearchTuning tuning) {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(tuning, "tuning");
        requireOpen();
        return operations.search(query, tuning);
    }

    /**
     * The plan PostgreSQL executes for {@code query} (it runs the search: {@code EXPLAIN ANALYZE}
     * without costs or timings), for diagnosing which path a search takes: the exact scan of a
     * small owner or the iterative ANN index scan.
     *
     * @throws dev.ragstore.core.error.NotFoundException if the space was never created
     */
    public String explain(IndexQuery query) {
        Objects.requireNonNull(query, "query");
        requireOpen();
        return operations.explain(query, tuningFor(query));
    }

    /** Makes later calls fail; the {@link PostgresStore} stays open. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            LOG.info("PgVectorIndex on schema {} closed", host.schema());
        }
    }

    @Override
    public String toString() {
        return "PgVectorIndex[schema=" + host.schema() + ", " + settings + (closed.get() ? ", closed" : "") + "]";
    }

    private void requireOpen() {
        if (closed.get()) {
            throw new StoreUnavailableException("postgresql", false,
                    "this PgVectorIndex on schema " + host.schema() + " is closed; build a new one", null);
        }
    }
}
