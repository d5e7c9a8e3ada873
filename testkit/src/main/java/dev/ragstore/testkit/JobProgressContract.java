package dev.ragstore.testkit;

import dev.ragstore.core.ephemeral.JobProgress;
import dev.ragstore.core.ephemeral.JobState;
import dev.ragstore.core.ephemeral.JobStatus;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Contract of {@link JobProgress}: a started job is RUNNING at 0 of its total; updates set
 * processed and message while it runs; completing sets processed to the total and a finish time;
 * failing keeps the message and the progress; a finished job can no longer be updated,
 * completed or failed but stays readable, and starting it again restarts it; unknown jobs read as
 * empty; concurrent updates leave one of the written states. How long a finished job stays
 * readable is configured per adapter and tested by the adapter.
 *
 * <p>Subclass it and implement {@link #newEphemeralStore()} (see {@link EphemeralContractSupport}).
 */
public abstract class JobProgressContract extends EphemeralContractSupport {

    private JobProgress jobs() {
        return ephemeral().jobs();
    }

    @Test
    void startedJobRunsAtZeroOfItsTotal() {
        String job = uniqueKey("job");

        JobState started = jobs().start(job, 10, "queued");

        assertThat(started.jobId()).isEqualTo(job);
        assertThat(started.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(started.processed()).isZero();
        assertThat(started.total()).isEqualTo(10);
        assertThat(started.message()).isEqualTo("queued");
        assertThat(started.finishedAt()).isNull();
        assertThat(started.updatedAt()).isEqualTo(started.startedAt());
        assertThat(jobs().get(job)).contains(started);
    }

    @Test
    void updateSetsProgressAndMessageOfARunningJob() {
        String job = uniqueKey("job");
        JobState started = jobs().start(job, 10, "queued");

        JobState updated = jobs().update(job, 4, "embedding 4 of 10").orElseThrow();

        assertThat(updated.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(updated.processed()).isEqualTo(4);
        assertThat(updated.total()).isEqualTo(10);
        assertThat(updated.message()).isEqualTo("embedding 4 of 10");
        assertThat(updated.startedAt()).isEqualTo(started.startedAt());
        assertThat(updated.updatedAt()).isAfterOrEqualTo(started.updatedAt());
        assertThat(updated.finishedAt()).isNull();
        assertThat(jobs().get(job)).contains(updated);
    }

    @Test
    void completingSetsProcessedToTheTotalAndFinishes() {
        String job = uniqueKey("job");
        JobState started = jobs().start(job, 10, "queued");
        jobs().update(job, 7, "almost");

        JobState completed = jobs().complete(job, "done").orElseThrow();

        assertThat(completed.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(completed.processed()).isEqualTo(10);
        assertThat(completed.total()).isEqualTo(10);
        assertThat(completed.message()).isEqualTo("done");
        assertThat(completed.startedAt()).isEqualTo(started.startedAt());
        assertThat(completed.finishedAt()).isNotNull().isAfterOrEqualTo(started.startedAt());
        assertThat(jobs().get(job)).contains(completed);
    }

    @Test
    void failingKeepsTheMessageAndTheProgress() {
        String job = uniqueKey("job");
        jobs().start(job, 10, "queued");
        jobs().update(job, 3, "working");

        JobState failed = jobs().fail(job, "embedder unreachable").orElseThrow();

        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.message()).isEqualTo("embedder unreachable");
        assertThat(failed.processed()).isEqualTo(3);
        assertThat(failed.total()).isEqualTo(10);
        assertThat(failed.finishedAt()).isNotNull();
        assertThat(jobs().get(job)).contains(failed);
    }

    @Test
    void finishedJobCannotChangeButStaysReadable() {
        String completedJob = uniqueKey("job");
        jobs().start(completedJob, 2, "queued");
        JobState completed = jobs().complete(completedJob, "done").orElseThrow();
        String failedJob = uniqueKey("job");
        jobs().start(failedJob, 2, "queued");
        JobState failed = jobs().fail(failedJob, "broken").orElseThrow();

        for (JobState finished : List.of(completed, failed)) {
            assertThat(jobs().update(finished.jobId(), 1, "late")).isEmpty();
            assertThat(jobs().complete(finished.jobId(), "late")).isEmpty();
            assertThat(jobs().fail(finished.jobId(), "late")).isEmpty();
            assertThat(jobs().get(finished.jobId())).contains(finished);
        }
    }

    @Test
    void startingAgainRestartsAFinishedJob() {
        String job = uniqueKey("job");
        jobs().start(job, 5, "first run");
        jobs().fail(job, "crashed");

        JobState restarted = jobs().start(job, 8, "second run");

        assertThat(restarted.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(restarted.processed()).isZero();
        assertThat(restarted.total()).isEqualTo(8);
        assertThat(restarted.finishedAt()).isNull();
        assertThat(jobs().get(job)).contains(restarted);
    }

    @Test
    void unknownJobReadsAsEmpty() {
        String job = uniqueKey("unknown");

        assertThat(jobs().get(job)).isEmpty();
        assertThat(jobs().update(job, 1, "x")).isEmpty();
        assertThat(jobs().complete(job, "x")).isEmpty();
        assertThat(jobs().fail(job, "x")).isEmpty();
        assertThat(jobs().get(job)).isEmpty();
    }

    @Test
    void concurrentUpdatesLeaveOneOfTheWrittenStates() {
        String job = uniqueKey("job");
        jobs().start(job, 1_000, "queued");

        List<Optional<JobState>> written = Concurrently.run(32, i -> () -> jobs().update(job, i, "update " + i));

        assertThat(written).allSatisfy(w -> assertThat(w).isPresent());
        JobState last = jobs().get(job).orElseThrow();
        assertThat(last.message()).isEqualTo("update " + last.processed());
        assertThat(last.status()).isEqualTo(JobStatus.RUNNING);
    }
}
