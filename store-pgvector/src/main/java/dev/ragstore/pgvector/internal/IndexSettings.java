package dev.ragstore.pgvector.internal;

import dev.ragstore.pgvector.IndexMethod;
import dev.ragstore.pgvector.IterativeScan;
import dev.ragstore.pgvector.SearchTuning;

import java.time.Duration;

/**
 * The validated options of one index instance (the public builder checks every field).
 *
 * @param maintenanceWorkMem      {@code maintenance_work_mem} for index builds, e.g. {@code "1GB"}, or {@code null} for the server's
 * @param exactSearchThreshold    below this many rows of the owner in the searched knowledge bases, search is exact
 * @param multiVectorCandidates   nearest token vectors fetched per query vector in multi-vector search
 * @param rowLevelSecurity        whether new spaces' tables get forced row-level security (the store's setting)
 * @param ownerSizeTtl            how long a search remembers whether an owner is below the exact-search threshold
 */
public record IndexSettings(
        IndexMethod indexMethod,
        int hnswM,
        int hnswEfConstruction,
        int ivfflatLists,
        SearchTuning tuning,
        IterativeScan iterativeScan,
        int maxScanTuples,
        int exactSearchThreshold,
        String textSearchConfig,
        boolean annIndexOnCreate,
        String maintenanceWorkMem,
        int multiVectorCandidates,
        boolean rowLevelSecurity,
        Duration ownerSizeTtl) {
}
