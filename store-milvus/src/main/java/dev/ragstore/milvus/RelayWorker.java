package dev.ragstore.milvus;

import dev.ragstore.core.error.RagStoreException;
import dev.ragstore.core.error.StoreUnavailableException;
import dev.ragstore.milvus.internal.MilvusSettings;
import dev.ragstore.milvus.internal.OutboxStore;
import dev.ragstore.postgres.PostgresStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The relay's own thread: ships batches while there is work, sleeps {@code interval} when the
 * outbox is empty (or until woken), and backs off exponentially (up to {@code maxBackoff}) while
 * Milvus or PostgreSQL is unavailable, so the backlog waits in PostgreSQL. A batch that fails for a
 * reason in the data itself (invalid input, a space without a collection) is retried row by row; a row
 * failing so {@value #FAILURES_TO_GIVE_UP} times in a row is marked failed and skipped (it stays in the
 * table, counted in the backlog). An unavailable store, even one that refuses calls, never fails a row.
 * Logs one WARN when shipping starts failing and one INFO when it recovers. Thread-safe.
 */
final class RelayWorker implements Runnable {

    static final int FAILURES_TO_GIVE_UP = 3;
    private static final Logger LOG = LoggerFactory.getLogger(RelayWorker.class);

    private final OutboxShipper shipper;
    private final PostgresStore postgres;
    private final OutboxStore store;
    private final int batchSize;
    private final Duration interval;
    private final Duration maxBackoff;
    private final String name;
    private final ExecutorService executor;
    private final Object signal = new Object();
    private boolean woken;
    private volatile boolean running;
    private volatile boolean alive;
    private volatile boolean paused;
    private volatile String lastError;
    private int consecutiveFailures;
    private boolean isolate;
    private long failingSeq = -1;
    private int failingCount;

    RelayWorker(OutboxShipper shipper, PostgresStore postgres, OutboxStore store, int batchSize, Duration interval,
            Duration maxBackoff, String name) {
        this.shipper = shipper;
        this.postgres = postgres;
        this.store = store;
        this.batchSize = batchSize;
        this.interval = interval;
        this.maxBackoff = maxBackoff;
        this.name = name;
        this.executor = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "ragstore-milvus-relay-" + name);
            thread.setDaemon(true);
            return thread;
        });
    }

    void start() {
        running = true;
        alive = true;
        executor.execute(this);
    }

    /** Asks the thread to look at the outbox now instead of after its pause. */
    void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    /** Stops or resumes shipping without stopping the thread (benchmarks). */
    void paused(boolean paused) {
        this.paused = paused;
        wake();
    }

    boolean running() {
        return running && alive;
    }

    /** The last failure since the last successful batch, or {@code null}. */
    String lastError() {
        return lastError;
    }

    /** Stops after the batch in flight; waits up to {@code timeout}. */
    void stop(Duration timeout) {
        running = false;
        wake();
        executor.shutdown();
        try {
            if (!executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void run() {
        try {
            loop();
        } finally {
            alive = false;
        }
    }

    private void loop() {
        while (running) {
            long pause;
            if (paused) {
                pause(interval.toMillis(), true);
                continue;
            }
            try {
                int limit = isolate ? 1 : batchSize;
                int shipped = shipper.shipBatch(limit);
                recovered();
                if (isolate && shipped == 0) {
                    isolate = false;
                }
                pause = shipped >= limit ? 0 : interval.toMillis();
            } catch (RuntimeException e) {
                pause = failed(e);
            }
            if (pause > 0) {
                // while failing, writes do not cut the backoff short (they would hammer a server that is down)
                pause(pause, consecutiveFailures == 0);
            }
        }
    }

    private void recovered() {
        if (consecutiveFailures > 0) {
            LOG.info("Milvus outbox relay '{}' is shipping again after {} failed attempts", name, consecutiveFailures);
        }
        consecutiveFailures = 0;
        lastError = null;
    }

    /** Handles a failed batch and returns the pause before the next attempt, in milliseconds. */
    private long failed(RuntimeException e) {
        consecutiveFailures++;
        lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
        long backoff = Math.min(maxBackoff.toMillis(), interval.toMillis() << Math.min(consecutiveFailures, 20));
        if (consecutiveFailures == 1) {
            LOG.warn("Milvus outbox relay '{}' cannot ship ({}); the backlog waits in PostgreSQL, retrying with backoff "
                    + "up to {}", name, lastError, MilvusSettings.human(maxBackoff));
        } else {
            LOG.debug("Milvus outbox relay '{}' attempt {} failed: {}", name, consecutiveFailures, lastError);
        }
        // An unavailable store (even one that refused the call) may recover: back off and keep the rows.
        // Only a problem of the data itself (invalid input, a missing space, a bug) isolates and fails rows.
        boolean dataProblem = !(e instanceof StoreUnavailableException)
                && (e instanceof RagStoreException || e instanceof IllegalStateException);
        if (!dataProblem) {
            return Math.max(backoff, 1);
        }
        List<Long> batch = shipper.lastBatch();
        try {
            if (batch.size() > 1) {
                isolate = true;
                postgres.useAdminTransaction(h -> store.recordFailure(h, batch, lastError, false));
            } else if (batch.size() == 1) {
                long seq = batch.get(0);
                failingCount = seq == failingSeq ? failingCount + 1 : 1;
                failingSeq = seq;
                boolean giveUp = failingCount >= FAILURES_TO_GIVE_UP;
                postgres.useAdminTransaction(h -> store.recordFailure(h, batch, lastError, giveUp));
                if (giveUp) {
                    LOG.error("Milvus outbox relay '{}' marked outbox row {} failed after {} attempts: {}", name, seq,
                            failingCount, lastError);
                    return 0;
                }
            }
        } catch (RuntimeException recording) {
            LOG.debug("Milvus outbox relay '{}' could not record the failure: {}", name, recording.toString());
        }
        return Math.max(backoff, 1);
    }

    private void pause(long millis, boolean wakeable) {
        synchronized (signal) {
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            while (running && !(wakeable && woken)) {
                long left = TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime());
                if (left <= 0) {
                    break;
                }
                try {
                    signal.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                    return;
                }
            }
            woken = false;
        }
    }
}
