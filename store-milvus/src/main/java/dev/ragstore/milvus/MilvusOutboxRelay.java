package dev.ragstore.milvus;

import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.error.StoreUnavailableException;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.search.VectorIndex;
import dev.ragstore.core.user.UserId;
import dev.ragstore.milvus.internal.MilvusErrors;
import dev.ragstore.milvus.internal.MilvusSettings;
import dev.ragstore.milvus.internal.OutboxExtension;
import dev.ragstore.milvus.internal.OutboxStore;
import dev.ragstore.postgres.PostgresStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Feeds a {@link MilvusVectorIndex} from PostgreSQL through a transactional outbox, for a RagStore
 * on PostgreSQL + Milvus. Wiring (the outbox is installed on the store before it is built):
 *
 * <pre>{@code
 * PostgresStore postgres = PostgresStore.builder().jdbcUrl(url)
 *         .install(MilvusOutbox.extension())
 *         .build();                                   // creates the outbox tables with the store's
 * MilvusOutboxRelay relay = MilvusOutboxRelay.builder()
 *         .postgres(postgres)
 *         .milvus(MilvusVectorIndex.builder().uri("http://127.0.0.1:19530").build())
 *         .build();                                   // starts the relay
 * RagStore store = RagStore.builder().relationalStore(postgres).vectorIndex(relay.vectorIndex()).build();
 * }</pre>
 *
 * <p>Consistency: every chunk write and delete records an outbox row in its PostgreSQL transaction;
 * vectors are stored in PostgreSQL with their own outbox row. The relay's thread ships rows to
 * Milvus in batches (idempotently: each row makes Milvus agree with PostgreSQL's current state of
 * its scope) and deletes them. Searches read Milvus, so they see a write once it is shipped
 * (eventual consistency); {@link #awaitSync(Duration)} waits for that. While Milvus is down,
 * PostgreSQL writes succeed, the backlog grows ({@link #backlog()}) and the relay retries with
 * exponential backoff; nothing is lost. {@link #reconcile} repairs any drift.
 *
 * <p>Thread-safe. {@link #close()} (or closing {@link #vectorIndex()}, which RagStore does) stops
 * the relay and closes the Milvus index; the PostgreSQL store is the host's (or RagStore's) to close.
 */
public final class MilvusOutboxRelay implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MilvusOutboxRelay.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final PostgresStore postgres;
    private final MilvusVectorIndex milvus;
    private final OutboxStore store;
    private final RelayWorker worker;
    private final Reconciler reconciler;
    private final VectorIndex view;
    private final String description;
    private final AtomicBoolean closed = new AtomicBoolean();

    private MilvusOutboxRelay(Builder builder) {
        this.postgres = builder.postgres;
        this.milvus = builder.milvus;
        this.store = builder.outbox.store();
        OutboxShipper shipper = new OutboxShipper(postgres, store, milvus, builder.afterMilvusWrite);
        this.description = "schema " + postgres.schema() + " -> " + milvus.connection().settings().address()
                + ", batch " + builder.batchSize + ", interval " + MilvusSettings.human(builder.interval)
                + ", max backoff " + MilvusSettings.human(builder.maxBackoff);
        this.worker = new RelayWorker(shipper, postgres, store, builder.batchSize, builder.interval, builder.maxBackoff,
                postgres.schema());
        this.reconciler = new Reconciler(postgres, store, milvus, shipper);
        this.view = new OutboxVectorIndex(this, postgres, store, milvus);
    }

    /** A builder; {@link Builder#postgres} and {@link Builder#milvus} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The vector index to give RagStore: writes go through the outbox, searches to Milvus. */
    public VectorIndex vectorIndex() {
        return view;
    }

    /**
     * Waits until every outbox row written before this call is shipped, so Milvus reflects every
     * write made so far (read-your-writes for tests and demos).
     *
     * @throws StoreUnavailableException retryable when {@code timeout} passes first (the message gives
     *         the backlog and the last error); not retryable when a row before the call was marked failed
     *         or the relay is stopped
     */
    public void awaitSync(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        long target = postgres.inAdminTransaction(store::lastSeq);
        long deadline = System.nanoTime() + timeout.toNanos();
        long poll = 10;
        while (true) {
            long[] unshipped = postgres.inAdminTransaction(h -> store.unshipped(h, target));
            if (unshipped[1] > 0) {
                throw new StoreUnavailableException(MilvusErrors.STORE, false, unshipped[1] + " outbox rows written before "
                        + "awaitSync failed for good (see backlog().lastError()); run reconcile() after fixing the cause", null);
            }
            if (unshipped[0] == 0) {
                return;
            }
            if (!worker.running()) {
                throw new StoreUnavailableException(MilvusErrors.STORE, false, "the Milvus outbox relay (" + description
                        + ") is stopped with " + unshipped[0] + " rows pending", null);
            }
            if (System.nanoTime() > deadline) {
                OutboxBacklog backlog = backlog();
                throw new StoreUnavailableException(MilvusErrors.STORE, true, "Milvus did not catch up within "
                        + MilvusSettings.human(timeout) + ": " + unshipped[0] + " of the rows written before the call are "
                        + "pending (" + backlog + ")", null);
            }
            worker.wake();
            sleep(poll);
            poll = Math.min(100, poll * 2);
        }
    }

    /**
     * Makes Milvus hold exactly the chunks PostgreSQL has (with a vector) for one knowledge base of
     * {@code owner}: missing ones are upserted, extra ones deleted. A knowledge base PostgreSQL does
     * not have (for this owner) is removed from every space. Milvus must be reachable.
     *
     * @return what was compared and repaired
     * @throws dev.ragstore.core.error.NotFoundException if the knowledge base's space has no collection in Milvus
     * @throws StoreUnavailableException if PostgreSQL or Milvus fails
     */
    public ReconcileReport reconcile(UserId owner, KnowledgeBaseId knowledgeBase) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(knowledgeBase, "knowledgeBase");
        ReconcileReport report = reconciler.reconcile(owner, knowledgeBase);
        if (!report.driftFree()) {
            LOG.info("Milvus outbox relay ({}) reconciled knowledge base {}: {}", description, knowledgeBase, report);
        }
        return report;
    }

    /** The backlog now (pending and failed rows, the oldest pending row's age, the relay's state). */
    public OutboxBacklog backlog() {
        OutboxStore.Backlog backlog = postgres.inAdminTransaction(store::backlog);
        String lastError = worker.lastError() != null ? worker.lastError() : backlog.failed() > 0 ? backlog.lastError() : null;
        return new OutboxBacklog(backlog.pending(), backlog.failed(), backlog.oldestPendingAge(), worker.running(), lastError);
    }

    /** Stops the relay (after the batch in flight) and closes the Milvus index; idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        worker.stop(STOP_TIMEOUT);
        milvus.close();
        LOG.info("Milvus outbox relay ({}) stopped", description);
    }

    @Override
    public String toString() {
        return "MilvusOutboxRelay[" + description + (closed.get() ? ", closed" : "") + "]";
    }

    void wake() {
        worker.wake();
    }

    /** Stops or resumes shipping, keeping the thread and the Milvus index (benchmarks). */
    void paused(boolean paused) {
        worker.paused(paused);
    }

    private void start() {
        worker.start();
        LOG.info("Milvus outbox relay started ({})", description);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException(MilvusErrors.STORE, true, "interrupted while waiting for the Milvus outbox", e);
        }
    }

    /**
     * Configures a {@link MilvusOutboxRelay}. Setters reject impossible values at once, naming the
     * setting; {@link #build()} checks that both stores are set and starts the relay. Not
     * thread-safe.
     */
    public static final class Builder {

        private PostgresStore postgres;
        private MilvusVectorIndex milvus;
        private int batchSize = 500;
        private Duration interval = Duration.ofMillis(200);
        private Duration maxBackoff = Duration.ofSeconds(30);
        private OutboxExtension outbox;
        private Runnable afterMilvusWrite = () -> { };

        private Builder() {
        }

        /**
         * The store of record; its schema holds the outbox. Required.
         *
         * @throws InvalidInputException unless the store was built with {@code install(MilvusOutbox.extension())}
         */
        public Builder postgres(PostgresStore postgres) {
            Objects.requireNonNull(postgres, "postgres");
            this.outbox = postgres.extension(OutboxExtension.class).orElseThrow(() -> InvalidInputException.withoutValue(
                    "postgres", "must be built with .install(MilvusOutbox.extension()) on PostgresStore.builder() "
                            + "before MilvusOutboxRelay.builder().postgres(postgres) (schema " + postgres.schema() + ")"));
            this.postgres = postgres;
            return this;
        }

        /** The index to feed; the relay closes it on {@link MilvusOutboxRelay#close()}. Required. */
        public Builder milvus(MilvusVectorIndex milvus) {
            this.milvus = Objects.requireNonNull(milvus, "milvus");
            return this;
        }

        /**
         * Outbox rows per shipped batch (default 500).
         *
         * @throws InvalidInputException unless 1 to 10,000
         */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1 || batchSize > 10_000) {
                throw InvalidInputException.of("batchSize", "must be between 1 and 10000 rows", batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /**
         * The pause when the outbox is empty (default 200 ms; writes through {@link #vectorIndex()}
         * wake the relay at once) and the first backoff after a failure.
         *
         * @throws InvalidInputException unless 1 ms to 1 min
         */
        public Builder interval(Duration interval) {
            Objects.requireNonNull(interval, "interval");
            if (interval.toMillis() < 1 || interval.compareTo(Duration.ofMinutes(1)) > 0) {
                throw InvalidInputException.of("interval", "must be between 1 ms and 1 min", interval);
            }
            this.interval = interval;
            return this;
        }

        /**
         * The longest pause between attempts while Milvus or PostgreSQL fails (default 30 s).
         *
         * @throws InvalidInputException unless 1 ms to 1 hour
         */
        public Builder maxBackoff(Duration maxBackoff) {
            Objects.requireNonNull(maxBackoff, "maxBackoff");
            if (maxBackoff.toMillis() < 1 || maxBackoff.compareTo(Duration.ofHours(1)) > 0) {
                throw InvalidInputException.of("maxBackoff", "must be between 1 ms and 1 hour", maxBackoff);
            }
            this.maxBackoff = maxBackoff;
            return this;
        }

        /** Runs after a batch is written to Milvus and before it is marked done (fault tests). */
        Builder afterMilvusWrite(Runnable hook) {
            this.afterMilvusWrite = Objects.requireNonNull(hook, "hook");
            return this;
        }

        /**
         * Starts the relay.
         *
         * @throws InvalidInputException naming the setting when a store is missing or maxBackoff is below interval
         */
        public MilvusOutboxRelay build() {
            if (postgres == null) {
                throw InvalidInputException.withoutValue("postgres", "must be set: the PostgresStore whose schema holds the outbox");
            }
            if (milvus == null) {
                throw InvalidInputException.withoutValue("milvus", "must be set: the MilvusVectorIndex to feed");
            }
            if (maxBackoff.compareTo(interval) < 0) {
                throw InvalidInputException.of("maxBackoff", "must be at least interval " + MilvusSettings.human(interval),
                        maxBackoff);
            }
            MilvusOutboxRelay relay = new MilvusOutboxRelay(this);
            relay.start();
            return relay;
        }
    }
}
