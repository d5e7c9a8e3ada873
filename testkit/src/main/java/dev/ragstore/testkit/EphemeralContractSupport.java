package dev.ragstore.testkit;

import dev.ragstore.core.ephemeral.EphemeralStore;
import org.junit.jupiter.api.AfterEach;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * What the ephemeral contracts share: the one factory {@link #newEphemeralStore()}, a store per
 * test closed afterwards, unique keys, and waiting for expiry by polling real time against a
 * deadline (never by asserting durations). Time to live is real time: the store under test
 * must expire entries by the wall clock, as Redis does.
 */
public abstract class EphemeralContractSupport {

    /** The longest any expiry may take to be observed after its TTL. */
    protected static final Duration EXPIRY_DEADLINE = Duration.ofSeconds(10);

    private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
    private EphemeralStore store;

    /**
     * A new ephemeral store, empty or isolated (e.g. under a fresh key prefix), reading real
     * time.
     */
    protected abstract EphemeralStore newEphemeralStore();

    /** Registers cleanup to run after the test, once the store is closed (last registered runs first). */
    protected final synchronized void onClose(AutoCloseable cleanup) {
        closeables.push(cleanup);
    }

    /** The test's store, created on first use. */
    protected final synchronized EphemeralStore ephemeral() {
        if (store == null) {
            store = newEphemeralStore();
        }
        return store;
    }

    @AfterEach
    final synchronized void closeStoreAndCleanUp() throws Exception {
        Deque<AutoCloseable> first = new ArrayDeque<>();
        if (store != null) {
            first.push(store);
        }
        Closing.drain(first, closeables);
    }

    /** A key no other test uses. */
    protected static String uniqueKey(String prefix) {
        return prefix + ":" + UUID.randomUUID();
    }

    /**
     * Polls {@code condition} every 25 ms until it holds; fails naming {@code what} when it still
     * does not hold after {@link #EXPIRY_DEADLINE}.
     */
    protected static void awaitTrue(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + EXPIRY_DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still not true after " + EXPIRY_DEADLINE.toSeconds() + " s: " + what);
            }
            sleep(Duration.ofMillis(25));
        }
    }

    /** Sleeps, failing the test when interrupted. */
    protected static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
