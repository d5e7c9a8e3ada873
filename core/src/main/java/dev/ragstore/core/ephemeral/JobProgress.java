package dev.ragstore.core.ephemeral;

import java.util.Optional;

/**
 * Port: progress of background jobs. A finished job stays readable for the retention time the
 * adapter was configured with, then disappears. Implementations are thread-safe.
 */
public interface JobProgress {

    /** Starts (or restarts) a job with {@code processed = 0}. */
    JobState start(String jobId, long total, String message);

    /** Sets processed and message of a running job; empty when the job is unknown or finished. */
    Optional<JobState> update(String jobId, long processed, String message);

    /** Marks the job completed (processed = total). */
    Optional<JobState> complete(String jobId, String message);

    /** Marks the job failed, keeping the message. */
    Optional<JobState> fail(String jobId, String message);

    Optional<JobState> get(String jobId);
}
