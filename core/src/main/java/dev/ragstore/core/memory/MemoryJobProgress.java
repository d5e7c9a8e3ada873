package dev.ragstore.core.memory;

import dev.ragstore.core.ephemeral.JobProgress;
import dev.ragstore.core.ephemeral.JobState;
import dev.ragstore.core.ephemeral.JobStatus;
import dev.ragstore.core.internal.Checks;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Job progress in memory. A running job stays until it finishes; a finished job is readable
 * until {@code retention} after it finished. Only a running job can be updated, completed or
 * failed; otherwise the call returns empty. Completing sets {@code processed = total}, or
 * {@code total = processed} when the total was unknown (0). Job ids follow the name rule (1 to
 * 200 characters, no control characters); messages are at most 4,000 characters. Thread-safe
 * (one monitor).
 */
final class MemoryJobProgress implements JobProgress {

    private static final int SWEEP_EVERY = 1_024;

    private final Clock clock;
    private final Duration retention;
    private final Map<String, JobState> jobs = new HashMap<>();
    private int startsSinceSweep;

    MemoryJobProgress(Clock clock, Duration retention) {
        this.clock = clock;
        this.retention = retention;
    }

    @Override
    public synchronized JobState start(String jobId, long total, String message) {
        Checks.name("job id", jobId);
        Checks.nonNegative("job total", total);
        Checks.text("job message", message, Checks.MAX_DESCRIPTION);
        Instant now = clock.instant();
        if (++startsSinceSweep >= SWEEP_EVERY) {
            startsSinceSweep = 0;
            jobs.values().removeIf(job -> gone(job, now));
        }
        JobState started = new JobState(jobId, JobStatus.RUNNING, 0, total, message, now, now, null);
        jobs.put(jobId, started);
        return started;
    }

    @Override
    public synchronized Optional<JobState> update(String jobId, long processed, String message) {
        Checks.nonNegative("job processed", processed);
        Checks.text("job message", message, Checks.MAX_DESCRIPTION);
        return running(jobId).map(job -> store(new JobState(jobId, JobStatus.RUNNING, processed, job.total(), message,
                job.startedAt(), clock.instant(), null)));
    }

    @Override
    public synchronized Optional<JobState> complete(String jobId, String message) {
        Checks.text("job message", message, Checks.MAX_DESCRIPTION);
        return running(jobId).map(job -> {
            long total = job.total() == 0 ? job.processed() : job.total();
            Instant now = clock.instant();
            return store(new JobState(jobId, JobStatus.COMPLETED, total, total, message, job.startedAt(), now, now));
        });
    }

    @Override
    public synchronized Optional<JobState> fail(String jobId, String message) {
        Checks.text("job message", message, Checks.MAX_DESCRIPTION);
        return running(jobId).map(job -> {
            Instant now = clock.instant();
            return store(new JobState(jobId, JobStatus.FAILED, job.processed(), job.total(), message, job.startedAt(), now, now));
        });
    }

    @Override
    public synchronized Optional<JobState> get(String jobId) {
        Objects.requireNonNull(jobId, "jobId");
        JobState job = jobs.get(jobId);
        if (job != null && gone(job, clock.instant())) {
            jobs.remove(jobId);
            return Optional.empty();
        }
        return Optional.ofNullable(job);
    }

    private Optional<JobState> running(String jobId) {
        return get(jobId).filter(job -> job.status() == JobStatus.RUNNING);
    }

    private JobState store(JobState job) {
        jobs.put(job.jobId(), job);
        return job;
    }

    private boolean gone(JobState job, Instant now) {
        return job.finishedAt() != null && !now.isBefore(job.finishedAt().plus(retention));
    }
}
