package dev.ragstore.milvus;

import java.time.Duration;

/**
 * How far Milvus is behind PostgreSQL, for a host's health check.
 *
 * @param pendingRows      outbox rows not yet shipped (they will be, once Milvus answers)
 * @param failedRows       rows that failed for a reason retrying cannot fix; they stay until an
 *                         operator acts ({@link MilvusOutboxRelay#reconcile} repairs the drift they leave)
 * @param oldestPendingAge age of the oldest pending row, or {@code null} when none is pending
 * @param relayRunning     whether the relay's thread runs
 * @param lastError        the last failure the relay met, or {@code null} since its last success
 */
public record OutboxBacklog(long pendingRows, long failedRows, Duration oldestPendingAge, boolean relayRunning,
        String lastError) {

    /** Whether nothing is pending or failed. */
    public boolean drained() {
        return pendingRows == 0 && failedRows == 0;
    }
}
