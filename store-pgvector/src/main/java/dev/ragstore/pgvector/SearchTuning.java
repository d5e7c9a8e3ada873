package dev.ragstore.pgvector;

import dev.ragstore.core.error.InvalidInputException;

/**
 * Per-query overrides of the index's search settings, for
 * {@link PgVectorIndex#search(dev.ragstore.core.search.IndexQuery, SearchTuning)}.
 *
 * @param efSearch size of the HNSW candidate list (1 to 1,000): higher gives better recall, slower
 * @param probes   IVFFlat lists probed (1 to 32,768)
 * @since 0.1
 */
public record SearchTuning(int efSearch, int probes) {

    /** The largest {@code ef_search} pgvector accepts. */
    public static final int MAX_EF_SEARCH = 1_000;
    /** The largest number of IVFFlat probes. */
    public static final int MAX_PROBES = 32_768;

    public SearchTuning {
        if (efSearch < 1 || efSearch > MAX_EF_SEARCH) {
            throw InvalidInputException.of("efSearch", "must be between 1 and " + MAX_EF_SEARCH, efSearch);
        }
        if (probes < 1 || probes > MAX_PROBES) {
            throw InvalidInputException.of("probes", "must be between 1 and " + MAX_PROBES, probes);
        }
    }

    /** Tuning with this {@code efSearch} and the given {@code probes}. */
    public static SearchTuning of(int efSearch, int probes) {
        return new SearchTuning(efSearch, probes);
    }

    /** A copy with another {@code efSearch}. */
    public SearchTuning withEfSearch(int efSearch) {
        return new SearchTuning(efSearch, probes);
    }

    /** A copy with another {@code probes}. */
    public SearchTuning withProbes(int probes) {
        return new SearchTuning(efSearch, probes);
    }
}
