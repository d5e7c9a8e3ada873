package dev.ragstore.milvus;

import dev.ragstore.core.UserScope;
import dev.ragstore.core.document.IngestResult;
import dev.ragstore.core.error.StoreUnavailableException;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.search.SearchRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Faults of the PostgreSQL + Milvus outbox on a Milvus Lite server this class starts on a free port
 * (and kills after): Milvus killed while the relay ships, and a relay that dies after writing to
 * Milvus but before marking its rows done.
 */
class MilvusOutboxFaultIT {

    private static final Duration SYNC = Duration.ofSeconds(120);
    private static LiteServer lite;

    @BeforeAll
    static void startLite() throws Exception {
        lite = LiteServer.start();
    }

    @AfterAll
    static void killLite() {
        if (lite != null) {
            lite.close();
        }
    }

    private static MilvusVectorIndexBuilder quickToGiveUp(MilvusVectorIndexBuilder builder) {
        return builder.connectTimeout(Duration.ofSeconds(5)).rpcDeadline(Duration.ofSeconds(2))
                .retries(1, Duration.ofMillis(50));
    }

    @Test
    void milvusKilledWhileShippingLosesNothing() throws Exception {
        try (OutboxRig rig = new OutboxRig("fault_kill", lite.uri()).start(MilvusOutboxFaultIT::quickToGiveUp, b -> b)) {
            UserScope user = rig.newUser();
            KnowledgeBase first = rig.newKnowledgeBase(user);
            KnowledgeBase second = rig.newKnowledgeBase(user);
            List<IngestResult> ingested = new ArrayList<>();
            ingested.add(rig.ingest(user, first, OutboxRig.text(4)));
            rig.relay().awaitSync(SYNC);
            for (int i = 0; i < 3; i++) {
                ingested.add(rig.ingest(user, first, OutboxRig.text(8)));
            }

            lite.kill();
            // PostgreSQL writes succeed while Milvus is down: ingestion, deletion, another knowledge base
            for (int i = 0; i < 3; i++) {
                ingested.add(rig.ingest(user, second, OutboxRig.text(3)));
            }
            long pendingAfterFirstWrites = rig.relay().backlog().pendingRows();
            IngestResult deleted = ingested.remove(1);
            user.documents().delete(deleted.document().id());
            ingested.add(rig.ingest(user, second, OutboxRig.text(2)));
            OutboxBacklog down = rig.relay().backlog();

            assertThat(pendingAfterFirstWrites).isPositive();
            assertThat(down.pendingRows()).isGreaterThan(pendingAfterFirstWrites);
            assertThat(down.oldestPendingAge()).isNotNull();
            assertThat(down.relayRunning()).isTrue();
            assertThatThrownBy(() -> user.search(SearchRequest.builder().text("granite").topK(3).build()))
                    .isInstanceOfSatisfying(StoreUnavailableException.class, e -> {
                        assertThat(e.store()).isEqualTo("milvus");
                        assertThat(e.retryable()).isTrue();
                    })
                    .hasMessageContaining(lite.uri());
            assertThatThrownBy(() -> rig.relay().awaitSync(Duration.ofMillis(500)))
                    .isInstanceOfSatisfying(StoreUnavailableException.class, e -> assertThat(e.retryable()).isTrue())
                    .hasMessageContaining("pending");
            waitForLastError(rig);

            lite.restart();
            rig.relay().awaitSync(SYNC);

            OutboxBacklog drained = rig.relay().backlog();
            assertThat(drained.pendingRows()).isZero();
            assertThat(drained.failedRows()).isZero();
            for (KnowledgeBase kb : List.of(first, second)) {
                ReconcileReport report = rig.relay().reconcile(user.userId(), kb.id());
                assertThat(report.driftFree()).as("%s", report).isTrue();
                assertThat(report.milvusChunks()).isEqualTo(report.postgresChunks()).isPositive();
                assertThat(rig.milvusRows(kb.id().value().toString())).isEqualTo(report.postgresChunks());
            }
            long expected = ingested.stream().mapToLong(IngestResult::chunks).sum();
            assertThat(rig.milvusRows(first.id().value().toString()) + rig.milvusRows(second.id().value().toString()))
                    .isEqualTo(expected);
            assertThat(user.search(SearchRequest.builder().text("granite fjords").topK(3).build())).isNotEmpty();
        }
    }

    @Test
    void aRelayThatDiesAfterWritingToMilvusIsRedeliveredWithoutDuplicates() throws Exception {
        CountDownLatch crashed = new CountDownLatch(1);
        AtomicBoolean crashNext = new AtomicBoolean(true);
        AtomicReference<OutboxRig> rigRef = new AtomicReference<>();
        AtomicReference<String> watched = new AtomicReference<>();
        // crash after the first batch that put chunks of the watched knowledge base into Milvus
        Runnable crashOnce = () -> {
            String kb = watched.get();
            if (kb != null && crashNext.get() && rigRef.get().milvusRows(kb) > 0) {
                crashNext.set(false);
                crashed.countDown();
                throw new SimulatedCrash();
            }
        };
        try (OutboxRig rig = new OutboxRig("fault_crash", lite.uri())) {
            rigRef.set(rig);
            rig.start(MilvusOutboxFaultIT::quickToGiveUp, b -> b.afterMilvusWrite(crashOnce));
            UserScope user = rig.newUser();
            KnowledgeBase kb = rig.newKnowledgeBase(user);
            watched.set(kb.id().value().toString());
            IngestResult ingested = rig.ingest(user, kb, OutboxRig.text(6));

            assertThat(crashed.await(60, TimeUnit.SECONDS)).as("the relay wrote a batch and crashed").isTrue();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (rig.relay().backlog().relayRunning()) {
                assertThat(System.nanoTime()).as("the crashed relay's thread ends").isLessThan(deadline);
                Thread.sleep(50);
            }
            OutboxBacklog afterCrash = rig.relay().backlog();
            assertThat(afterCrash.pendingRows()).isPositive();
            long inMilvusBeforeRedelivery = rig.milvusRows(kb.id().value().toString());

            try (MilvusOutboxRelay second = rig.startRelay(MilvusOutboxFaultIT::quickToGiveUp, b -> b)) {
                second.awaitSync(SYNC);

                assertThat(second.backlog().pendingRows()).isZero();
                assertThat(rig.milvusRows(kb.id().value().toString())).isEqualTo(ingested.chunks());
                assertThat(second.reconcile(user.userId(), kb.id()).driftFree()).isTrue();
            }
            assertThat(inMilvusBeforeRedelivery).isPositive();
        }
    }

    private static void waitForLastError(OutboxRig rig) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (rig.relay().backlog().lastError() == null) {
            assertThat(System.nanoTime()).as("the relay reports its failure").isLessThan(deadline);
            Thread.sleep(100);
        }
        assertThat(rig.relay().backlog().lastError()).contains("StoreUnavailableException");
    }

    /** Stands for the relay's process dying between the Milvus write and the commit. */
    private static final class SimulatedCrash extends Error {
        private static final long serialVersionUID = 1L;

        SimulatedCrash() {
            super("simulated crash after the Milvus write, before the outbox rows were marked done");
        }
    }
}
