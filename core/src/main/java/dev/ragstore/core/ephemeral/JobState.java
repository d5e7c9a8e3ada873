package dev.ragstore.core.ephemeral;

import java.time.Instant;
import java.util.Objects;

/**
 * Progress of a job, e.g. one ingestion.
 *
 * @param total      expected units of work, or 0 when unknown
 * @param finishedAt when it completed or failed, or {@code null} while running
 */
public record JobState(String jobId, JobStatus status, long processed, long total, String message,
        Instant startedAt, Instant updatedAt, Instant finishedAt) {

    public JobState {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
