package dev.ragstore.pgvector;

/**
 * pgvector 0.8 iterative index scans: when filters remove candidates, the index scan goes on
 * until enough rows match (bounded by the max-scan-tuples setting).
 *
 * @since 0.1
 */
public enum IterativeScan {
    /** One pass only; a selective filter may return fewer than k rows. */
    OFF,
    /** Scan on, emitting rows slightly out of order; the adapter re-orders the final k exactly. */
    RELAXED_ORDER,
    /** Scan on, emitting rows in exact distance order (slower). */
    STRICT_ORDER
}
