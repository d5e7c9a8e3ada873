package dev.ragstore.pgvector;

import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.pgvector.internal.IndexSettings;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The options of a pgvector index, given to {@link PgVectorIndex#extension(PgVectorOptions)}:
 * index method and parameters, search defaults, the text search configuration of new spaces.
 * Immutable; built by {@link #builder()}, or {@link #defaults()}.
 *
 * <pre>{@code
 * PgVectorOptions options = PgVectorOptions.builder().hnswM(24).efSearch(100).build();
 * }</pre>
 *
 * @since 0.2
 */
public final class PgVectorOptions {

    private final IndexMethod indexMethod;
    private final int hnswM;
    private final int hnswEfConstruction;
    private final int ivfflatLists;
    private final SearchTuning tuning;
    private final IterativeScan iterativeScan;
    private final int maxScanTuples;
    private final int exactSearchThreshold;
    private final String textSearchConfig;
    private final boolean annIndexOnCreate;
    private final String maintenanceWorkMem;
    private final int multiVectorCandidates;
    private final Duration ownerSizeTtl;

    private PgVectorOptions(Builder b) {
        this.indexMethod = b.indexMethod;
        this.hnswM = b.hnswM;
        this.hnswEfConstruction = b.hnswEfConstruction;
        this.ivfflatLists = b.ivfflatLists;
        this.tuning = SearchTuning.of(b.efSearch, b.ivfflatProbes);
        this.iterativeScan = b.iterativeScan;
        this.maxScanTuples = b.maxScanTuples;
        this.exactSearchThreshold = b.exactSearchThreshold;
        this.textSearchConfig = b.textSearchConfig;
        this.annIndexOnCreate = b.annIndexOnCreate;
        this.maintenanceWorkMem = b.maintenanceWorkMem;
        this.multiVectorCandidates = b.multiVectorCandidates;
        this.ownerSizeTtl = b.ownerSizeTtl;
    }

    /** A builder with pgvector's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The defaults of every option. */
    public static PgVectorOptions defaults() {
        return builder().build();
    }

    /** The text search configuration of new spaces' keyword index. */
    public String textSearchConfig() {
        return textSearchConfig;
    }

    /** The settings of an index in a store with or without row-level security. */
    IndexSettings settings(boolean rowLevelSecurity) {
        return new IndexSettings(indexMethod, hnswM, hnswEfConstruction, ivfflatLists, tuning, iterativeScan,
                maxScanTuples, exactSearchThreshold, textSearchConfig, annIndexOnCreate, maintenanceWorkMem,
                multiVectorCandidates, rowLevelSecurity, ownerSizeTtl);
    }

    @Override
    public String toString() {
        return "PgVectorOptions[" + indexMethod + " m=" + hnswM + " ef_construction=" + hnswEfConstruction + " lists="
                + ivfflatLists + ", " + tuning + ", iterative scan " + iterativeScan + ", text search '" + textSearchConfig
                + "']";
    }

    /**
     * Configures {@link PgVectorOptions}. Each setter rejects an impossible value at once, naming
     * the setting and its range; {@link #build()} checks the combination. Defaults are pgvector's
     * own. Not thread-safe.
     */
    public static final class Builder {

        /** The default of {@link #multiVectorCandidates(int)}. */
        public static final int DEFAULT_MULTI_VECTOR_CANDIDATES = 100;
        /** The default of {@link #ownerSizeTtl(Duration)}. */
        public static final Duration DEFAULT_OWNER_SIZE_TTL = Duration.ofSeconds(30);

        private static final Pattern MEMORY = Pattern.compile("[1-9][0-9]{0,8}(kB|MB|GB)");
        private static final Pattern CONFIG = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

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
        private Duration ownerSizeTtl = DEFAULT_OWNER_SIZE_TTL;

        private Builder() {
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
         * The options.
         *
         * @throws InvalidInputException if {@code hnswEfConstruction < 2·hnswM}
         */
        public PgVectorOptions build() {
            if (hnswEfConstruction < 2 * hnswM) {
                throw InvalidInputException.of("hnswEfConstruction", "must be at least 2·hnswM = " + (2 * hnswM),
                        hnswEfConstruction);
            }
            return new PgVectorOptions(this);
        }

        private static int range(String field, int value, int min, int max) {
            if (value < min || value > max) {
                throw InvalidInputException.of(field, "must be between " + min + " and " + max, value);
            }
            return value;
        }
    }
}
