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
import dev.ragstore.pgvector.internal.IndexStarter;
import dev.ragstore.pgvector.internal.SpaceRegistry;
import dev.ragstore.pgvector.internal.VectorChunkListener;
import dev.ragstore.pgvector.internal.VectorOperations;
import dev.ragstore.postgres.ChunkWriteListener;
import dev.ragstore.postgres.PostgresStore;
import dev.ragstore.postgres.internal.PgSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * A {@link VectorIndex} in PostgreSQL with pgvector, in the schema and transactions of a
 * {@link PostgresStore}. Built by {@link #builder(PostgresStore)}.
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
 * <p>Register {@link #chunkWriteListener(String)} on the store's builder so deleted documents and
 * users take their vectors with them. Thread-safe. {@link #close()} does not close the store.
 *
 * @since 0.1
 */
public final class PgVectorIndex implements VectorIndex {

    /** The adapter name in {@link IndexCapabilities}. */
    public static final String ADAPTER = "pgvector";

    private static final Logger LOG = LoggerFactory.getLogger(PgVectorIndex.class);

    private final PostgresStore store;
    private final IndexSettings settings;
    private final VectorOperations operations;
    private final IndexCapabilities capabilities;
    private final AtomicBoolean closed = new AtomicBoolean();

    PgVectorIndex(PostgresStore store, IndexSettings settings, SpaceRegistry registry) {
        this.store = store;
        this.settings = settings;
        this.operations = new VectorOperations(store, settings, registry);
        this.capabilities = new IndexCapabilities(ADAPTER, EnumSet.allOf(DistanceMetric.class),
                EnumSet.allOf(VectorType.class), EnumSet.allOf(SearchMode.class), true,
                Set.of("dimension at most " + SpaceRegistry.MAX_INDEXED_FLOAT32 + " for FLOAT32 and "
                                + SpaceRegistry.MAX_INDEXED_FLOAT16 + " for FLOAT16 (pgvector's index limit)",
                        "KEYWORD scores are PostgreSQL ts_rank over the '" + settings.textSearchConfig()
                                + "' text search configuration, not BM25"));
    }

    /** A builder for an index in {@code store}'s database and schema. */
    public static Builder builder(PostgresStore store) {
        return new Builder(Objects.requireNonNull(store, "store"));
    }

    /**
     * The listener that deletes the vectors of deleted documents, replaced chunks and deleted users
     * in the same transaction; register it with {@code PostgresStore.builder().chunkWriteListener(...)}
     * before the store is built, for the store's schema.
     *
     * @throws InvalidInputException unless {@code schema} is a valid store-postgres schema name
     */
    public static ChunkWriteListener chunkWriteListener(String schema) {
        return new VectorChunkListener(new PgSchema(schema).name());
    }

    @Override
    public IndexCapabilities capabilities() {
        return capabilities;
    }

    /**
     * {@inheritDoc} Creates {@code vectors_<name>} and {@code multivectors_<name>} with their
     * indexes (the ANN index too unless {@link Builder#annIndexOnCreate(boolean)} is off).
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
     * {@link Builder#annIndexOnCreate(boolean) annIndexOnCreate(false)} after a bulk load (faster
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
            LOG.info("PgVectorIndex on schema {} closed", store.schema());
        }
    }

    @Override
    public String toString() {
        return "PgVectorIndex[schema=" + store.schema() + ", " + settings + (closed.get() ? ", closed" : "") + "]";
    }

    private void requireOpen() {
        if (closed.get()) {
            throw new StoreUnavailableException("postgresql", false,
                    "this PgVectorIndex on schema " + store.schema() + " is closed; build a new one", null);
        }
    }

    /**
     * Configures a {@link PgVectorIndex}. Each setter rejects an impossible value at once, naming
     * the setting and its range; {@link #build()} checks the combination, then prepares the schema
     * (unless {@link #migrate(boolean) migrate(false)}) and checks the extension. Defaults are
     * pgvector's own. Not thread-safe.
     */
    public static final class Builder {

        /** The default of {@link #multiVectorCandidates(int)}. */
        public static final int DEFAULT_MULTI_VECTOR_CANDIDATES = 100;
        /** The default of {@link #ownerSizeTtl(Duration)}. */
        public static final Duration DEFAULT_OWNER_SIZE_TTL = Duration.ofSeconds(30);

        private static final Pattern MEMORY = Pattern.compile("[1-9][0-9]{0,8}(kB|MB|GB)");
        private static final Pattern CONFIG = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

        private final PostgresStore store;
        private IndexMethod indexMethod = IndexMethod.HNSW;
        private int hnswM = 16;
        private int hnswEfConstruction = 64;
        private int ivfflatLists = 100;
        private int efSearch = 40;
        private int ivfflatProbes = 10;
        private IterativeScan iterativeScan = IterativeScan.RELAXED_ORDER;
        private int maxScanTuples = 20_000;
        private int exactSearchThreshold;
        private String textSearchConfig = "simple";
        private boolean annIndexOnCreate = true;
        private String maintenanceWorkMem;
        private int multiVectorCandidates = DEFAULT_MULTI_VECTOR_CANDIDATES;
        private boolean migrate = true;
        private Duration ownerSizeTtl = DEFAULT_OWNER_SIZE_TTL;

        private Builder(PostgresStore store) {
            this.store = store;
        }

        /** The ANN index of new spaces (default {@link IndexMethod#HNSW}). */
        public Builder indexMethod(IndexMethod indexMethod) {
            this.indexMethod = Objects.requireNonNull(indexMethod, "indexMethod");
            return this;
        }

        /** HNSW links per node, {@code m} (default 16, 2 to 100): more gives better recall, a larger and slower index. */
        public Builder hnswM(int m) {
            this.hnswM = range("hnswM", m, 2, 100);
            return this;
        }

        /** HNSW build candidate list, {@code ef_construction} (default 64, 4 to 1,000, at least 2·m). */
        public Builder hnswEfConstruction(int efConstruction) {
            this.hnswEfConstruction = range("hnswEfConstruction", efConstruction, 4, 1_000);
            return this;
        }

        /** IVFFlat lists (default 100, 1 to 32,768); about rows/1,000 up to 1M rows, sqrt(rows) above. */
        public Builder ivfflatLists(int lists) {
            this.ivfflatLists = range("ivfflatLists", lists, 1, SearchTuning.MAX_PROBES);
            return this;
        }

        /** The default HNSW {@code ef_search} (default 40, 1 to 1,000); raised to the number of rows a search needs. */
        public Builder efSearch(int efSearch) {
            this.efSearch = range("efSearch", efSearch, 1, SearchTuning.MAX_EF_SEARCH);
            return this;
        }

        /** The default IVFFlat {@code probes} (default 10, 1 to 32,768). */
        public Builder ivfflatProbes(int probes) {
            this.ivfflatProbes = range("ivfflatProbes", probes, 1, SearchTuning.MAX_PROBES);
            return this;
        }

        /** pgvector 0.8 iterative index scans for filtered searches (default {@link IterativeScan#RELAXED_ORDER}). */
        public Builder iterativeScan(IterativeScan iterativeScan) {
            this.iterativeScan = Objects.requireNonNull(iterativeScan, "iterativeScan");
            return this;
        }

        /** HNSW {@code max_scan_tuples}: how far an iterative scan goes (default 20,000, at least 1). */
        public Builder maxScanTuples(int maxScanTuples) {
            this.maxScanTuples = range("maxScanTuples", maxScanTuples, 1, Integer.MAX_VALUE);
            return this;
        }

        /**
         * A fixed number of rows (of the query's owner in its knowledge bases) below which vector
         * search is exact instead of approximate (default 0: automatic, {@code 2·sqrt(k · rows of the
         * space)} and at least {@code 4·k}, where exact and iterative scans cost about the same).
         */
        public Builder exactSearchThreshold(int rows) {
            this.exactSearchThreshold = range("exactSearchThreshold", rows, 0, Integer.MAX_VALUE);
            return this;
        }

        /**
         * How long the index remembers, per space, owner, knowledge bases and depth, that a vector
         * search found the owner at or above the exact-search threshold (default 30 s, at most a day;
         * {@link Duration#ZERO} remembers nothing). Later searches skip counting the owner's rows (a
         * third of a top-10 search of a large owner of 100,000 rows). Deletes through this index
         * forget the owner; after deletes elsewhere (another instance, the facade's chunk listener)
         * an owner who shrank below the threshold is searched approximately, like any large owner,
         * until the verdict expires; one with fewer rows than asked for is still searched exactly, and
         * spaces with multi-vector chunks are always counted.
         */
        public Builder ownerSizeTtl(Duration ttl) {
            Objects.requireNonNull(ttl, "ttl");
            if (ttl.isNegative() || ttl.compareTo(Duration.ofDays(1)) > 0) {
                throw InvalidInputException.of("ownerSizeTtl", "must be between 0 and 1 day", ttl);
            }
            this.ownerSizeTtl = ttl;
            return this;
        }

        /**
         * The PostgreSQL text search configuration of new spaces' keyword index (default
         * {@code simple}: no stemming, no stop words, like store-postgres's chunks).
         */
        public Builder textSearchConfig(String config) {
            Objects.requireNonNull(config, "config");
            if (!CONFIG.matcher(config).matches()) {
                throw InvalidInputException.of("textSearchConfig", "must match " + CONFIG.pattern(), config);
            }
            this.textSearchConfig = config;
            return this;
        }

        /**
         * Whether {@code createSpace} builds the ANN index at once (default {@code true}); with
         * {@code false}, load the data, then call {@link PgVectorIndex#buildAnnIndexes(String)}.
         */
        public Builder annIndexOnCreate(boolean annIndexOnCreate) {
            this.annIndexOnCreate = annIndexOnCreate;
            return this;
        }

        /**
         * {@code maintenance_work_mem} while building an ANN index, e.g. {@code "1GB"} (default: the
         * server's); an HNSW graph that fits builds several times faster.
         */
        public Builder maintenanceWorkMem(String memory) {
            Objects.requireNonNull(memory, "memory");
            if (!MEMORY.matcher(memory).matches()) {
                throw InvalidInputException.of("maintenanceWorkMem", "must be a number with kB, MB or GB, e.g. 1GB", memory);
            }
            this.maintenanceWorkMem = memory;
            return this;
        }

        /** Nearest vectors fetched per query vector for multi-vector candidate generation (default 100, 1 to 10,000). */
        public Builder multiVectorCandidates(int candidates) {
            this.multiVectorCandidates = range("multiVectorCandidates", candidates, 1, 10_000);
            return this;
        }

        /**
         * Whether {@link #build()} creates the extension (when missing and allowed) and the space
         * registry (default {@code true}); with {@code false} it only checks that they exist.
         */
        public Builder migrate(boolean migrate) {
            this.migrate = migrate;
            return this;
        }

        /**
         * Prepares the schema and returns the index.
         *
         * @throws InvalidInputException if {@code hnswEfConstruction < 2·hnswM} or the text search
         *         configuration does not exist
         * @throws StoreUnavailableException if pgvector is missing (naming the statement a DBA must
         *         run), older than 0.8.0, or the database fails
         */
        public PgVectorIndex build() {
            if (hnswEfConstruction < 2 * hnswM) {
                throw InvalidInputException.of("hnswEfConstruction", "must be at least 2·hnswM = " + (2 * hnswM),
                        hnswEfConstruction);
            }
            IndexSettings settings = new IndexSettings(indexMethod, hnswM, hnswEfConstruction, ivfflatLists,
                    SearchTuning.of(efSearch, ivfflatProbes), iterativeScan, maxScanTuples, exactSearchThreshold,
                    textSearchConfig, annIndexOnCreate, maintenanceWorkMem, multiVectorCandidates, store.rowLevelSecurity(),
                    ownerSizeTtl);
            String extensionSchema = IndexStarter.start(store, settings, migrate);
            PgVectorIndex index = new PgVectorIndex(store, settings,
                    new SpaceRegistry(store.schema(), extensionSchema, settings));
            LOG.info("PgVectorIndex started on schema {} ({} m={} ef_construction={} lists={}, ef_search={}, "
                            + "iterative scan {}, text search '{}')", store.schema(), indexMethod, hnswM, hnswEfConstruction,
                    ivfflatLists, efSearch, iterativeScan, textSearchConfig);
            return index;
        }

        private static int range(String field, int value, int min, int max) {
            if (value < min || value > max) {
                throw InvalidInputException.of(field, "must be between " + min + " and " + max, value);
            }
            return value;
        }
    }
}
