package dev.ragstore.postgres;

import dev.ragstore.testkit.fixture.ConnectionLeakCheck;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * The leak check every {@link PgSchemaExtension} class gets sees a store's pooled connection held
 * on purpose (a transaction that does not end, as a leaked handle would), and a store left open.
 * The tests release what they hold, so the extension's own checks after them pass; the leaking
 * class run through the JUnit launcher ({@link Leaking}) shows that the extension fails a leaking
 * test, and the class that left a store open.
 */
class PgConnectionLeakCheckIT {

    @RegisterExtension
    static final PgSchemaExtension PG = new PgSchemaExtension("leak_check");

    @Test
    void connectionHeldInATransactionFailsTheCheckUntilItIsGivenBack() throws Exception {
        ConnectionLeakCheck quick = check(Duration.ofMillis(300));
        try (PostgresStore store = PG.store()) {
            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Thread leaker = new Thread(() -> store.useAdminTransaction(handle -> {
                handle.execute("SELECT 'held on purpose'");
                held.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            leaker.start();
            try {
                assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();

                assertThatThrownBy(() -> quick.assertNoBusyConnections("the leaking test"))
                        .isInstanceOf(AssertionError.class)
                        .hasMessageContaining("pool '" + PG.leaks().applicationName() + "'")
                        .hasMessageContaining("idle in transaction")
                        .hasMessageContaining("held on purpose");
            } finally {
                release.countDown();
                leaker.join();
            }
            assertThatCode(() -> quick.assertNoBusyConnections("the release")).doesNotThrowAnyException();
            // the pool is still open: its idle connections count as left open
            assertThatThrownBy(() -> quick.assertNoConnections("the class"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("left open after the stores were closed");
        } finally {
            quick.close();
        }
        try (ConnectionLeakCheck afterClose = check(Duration.ofSeconds(5))) {
            assertThatCode(() -> afterClose.assertNoConnections("closing the store")).doesNotThrowAnyException();
        }
    }

    @Test
    void extensionFailsTheLeakingTestAndTheClassThatLeftItsStoreOpen() throws Exception {
        Leaking.release = new CountDownLatch(1);
        Leaking.leaked = new AtomicReference<>();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        try {
            LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(Leaking.class)).build();
            Launcher launcher = LauncherFactory.create();
            launcher.execute(request, listener);
        } finally {
            Leaking.release.countDown();
            Leaking.release = null;
            Leaking.closeLeakedStore();
        }

        TestExecutionSummary summary = listener.getSummary();
        assertThat(summary.getTestsSucceededCount()).isZero();
        assertThat(summary.getTestsFailedCount()).isEqualTo(1);
        List<TestExecutionSummary.Failure> failures = summary.getFailures();
        assertThat(failures).hasSize(2);
        assertThat(failures).anySatisfy(failure -> {
            assertThat(failure.getTestIdentifier().getDisplayName()).isEqualTo("leaksAConnection()");
            assertThat(failure.getException()).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("left busy")
                    .hasMessageContaining("after leaksAConnection()")
                    .hasMessageContaining("idle in transaction")
                    .hasMessageContaining("leaked on purpose");
        });
        assertThat(failures).anySatisfy(failure -> {
            assertThat(failure.getTestIdentifier().isContainer()).isTrue();
            assertThat(failure.getException()).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("left open after the stores were closed");
        });
    }

    /**
     * A class whose test leaks a connection (a transaction held by a thread until the outer
     * test lets go) and whose store stays open. Runs only through the launcher above.
     */
    static class Leaking {

        static volatile CountDownLatch release;
        static volatile AtomicReference<PostgresStore> leaked;
        static volatile Thread leaker;

        @RegisterExtension
        static final PgSchemaExtension INNER = new PgSchemaExtension("leak_check_inner", Duration.ofMillis(500));

        @Test
        void leaksAConnection() throws Exception {
            CountDownLatch gate = release;
            Assumptions.assumeTrue(gate != null, "run by PgConnectionLeakCheckIT only");
            PostgresStore store = INNER.store();
            leaked.set(store);
            CountDownLatch held = new CountDownLatch(1);
            leaker = new Thread(() -> store.useAdminTransaction(handle -> {
                handle.execute("SELECT 'leaked on purpose'");
                held.countDown();
                try {
                    gate.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            leaker.setDaemon(true);
            leaker.start();
            assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
        }

        static void closeLeakedStore() throws InterruptedException {
            if (leaker != null) {
                leaker.join(10_000);
            }
            PostgresStore store = leaked.get();
            if (store != null) {
                store.close();
            }
        }
    }

    /** A check of the class's pools (the extension's application name) with a short grace, so the failing case fails fast. */
    private static ConnectionLeakCheck check(Duration grace) {
        return ConnectionLeakCheck.forApplicationName(PG.fixture(), PG.leaks().applicationName(), grace);
    }
}
