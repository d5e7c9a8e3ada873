package dev.ragstore.core;

import dev.ragstore.core.ephemeral.EphemeralStore;
import dev.ragstore.core.error.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Best-effort job progress for one job: progress is a convenience for watchers, so an
 * unavailable ephemeral store is logged once and never fails the job itself.
 */
final class JobReporter {

    private static final Logger LOG = LoggerFactory.getLogger(JobReporter.class);

    private final EphemeralStore ephemeral;
    private final String jobId;
    private boolean warned;

    JobReporter(EphemeralStore ephemeral, String jobId) {
        this.ephemeral = ephemeral;
        this.jobId = jobId;
    }

    void start(long total, String message) {
        attempt(() -> ephemeral.jobs().start(jobId, total, message));
    }

    void update(long processed, String message) {
        attempt(() -> ephemeral.jobs().update(jobId, processed, message));
    }

    void complete(String message) {
        attempt(() -> ephemeral.jobs().complete(jobId, message));
    }

    void fail(String message) {
        attempt(() -> ephemeral.jobs().fail(jobId, message));
    }

    private void attempt(Runnable call) {
        try {
            call.run();
        } catch (StoreUnavailableException e) {
            if (!warned) {
                warned = true;
                LOG.warn("Job progress of {} not recorded: {} unavailable ({}); the job itself continues",
                        jobId, ephemeral.name(), e.getMessage());
            }
        }
    }
}
