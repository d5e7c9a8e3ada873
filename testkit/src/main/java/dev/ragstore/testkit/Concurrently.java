package dev.ragstore.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/** Runs tasks on many threads released at the same moment; the kit's tool for race tests. */
final class Concurrently {

    /** How long a race may take before the test fails. */
    private static final long TIMEOUT_SECONDS = 90;

    private Concurrently() {
    }

    /**
     * Runs {@code task.apply(i)} for i in {@code [0, threads)}, each on its own thread, all
     * started together, and returns the results in order of {@code i}.
     *
     * @throws AssertionError with every task's failure attached when any task failed or the
     *         race did not finish in time
     */
    static <T> List<T> run(int threads, IntFunction<Callable<T>> task) {
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>(threads);
            for (int i = 0; i < threads; i++) {
                Callable<T> callable = task.apply(i);
                futures.add(executor.submit(() -> {
                    ready.countDown();
                    go.await();
                    return callable.call();
                }));
            }
            if (!ready.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("only " + (threads - ready.getCount()) + " of " + threads + " threads started");
            }
            go.countDown();
            List<T> results = new ArrayList<>(threads);
            AssertionError failure = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
            for (int i = 0; i < threads; i++) {
                try {
                    results.add(futures.get(i).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
                } catch (ExecutionException | TimeoutException e) {
                    if (failure == null) {
                        failure = new AssertionError("task " + i + " of " + threads + " failed: " + e, e.getCause() != null ? e.getCause() : e);
                    } else {
                        failure.addSuppressed(e.getCause() != null ? e.getCause() : e);
                    }
                    results.add(null);
                }
            }
            if (failure != null) {
                throw failure;
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while racing " + threads + " threads", e);
        } finally {
            executor.shutdownNow();
        }
    }
}
