package dev.ragstore.testkit;

import java.util.Deque;

/** Closes what a contract opened, in order, without letting one failure hide another. */
final class Closing {

    private Closing() {
    }

    /**
     * Pops and closes every element of each queue in turn; the first failure is thrown once all
     * were tried, with later failures attached as suppressed.
     */
    @SafeVarargs
    static void drain(Deque<AutoCloseable>... queues) throws Exception {
        Exception failure = null;
        for (Deque<AutoCloseable> queue : queues) {
            while (!queue.isEmpty()) {
                try {
                    queue.pop().close();
                } catch (Exception e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
