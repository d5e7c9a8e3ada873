package dev.ragstore.redis.internal;

import org.slf4j.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Tracks whether Redis is usable and makes outages safe for the caches.
 *
 * <p>The first failure of an outage logs one WARN and switches to degraded mode: cached reads
 * bypass Redis, and invalidations that cannot reach Redis are kept (up to
 * {@value #MAX_PENDING} distinct ones; beyond that, every disposable cache key of the prefix is
 * flushed instead). A background probe pings Redis every {@value #PROBE_MILLIS} ms; when it
 * answers, the kept invalidations are replayed (or the flush is done) <em>before</em> cached
 * reads resume, and one INFO is logged. So an entry made stale by a write during the outage is
 * never served by this process after recovery. Thread-safe.
 */
public final class OutageMonitor implements AutoCloseable {

    /** Most invalidations kept during an outage before falling back to a flush. */
    public static final int MAX_PENDING = 10_000;
    /** Interval between probes while Redis is down. */
    public static final long PROBE_MILLIS = 250;

    /** What recovery needs from the store; each method throws a Lettuce exception when Redis fails. */
    public interface Recovery {
        /** Answers if Redis serves commands. */
        void ping();

        /** Applies one invalidation. */
        void apply(Invalidation invalidation);

        /** Deletes every disposable cache key of the prefix. */
        void flushCaches();
    }

    private final Logger log;
    private final RedisErrors errors;
    private final String instance;
    private final String degradedBehaviour;
    private final Recovery recovery;
    private final ScheduledExecutorService prober;

    private final Set<Invalidation> pending = new LinkedHashSet<>();
    private boolean up = true;
    private boolean overflowed;
    private boolean probeScheduled;
    private boolean closed;
    private long downSinceNanos;
    private long outages;

    /**
     * @param instance          how log lines name the store, e.g. {@code RedisStore[127.0.0.1:6379 ragstore:]}
     * @param degradedBehaviour what callers see while Redis is down, for the WARN line
     */
    public OutageMonitor(Logger log, RedisErrors errors, String instance, String degradedBehaviour, Recovery recovery) {
        this.log = log;
        this.errors = errors;
        this.instance = instance;
        this.degradedBehaviour = degradedBehaviour;
        this.recovery = recovery;
        this.prober = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ragstore-redis-probe");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Whether caches may use Redis: it answered last time, and no invalidation is waiting. */
    public synchronized boolean isUp() {
        return up;
    }

    /** How many outages began since start (for tests and health checks). */
    public synchronized long outages() {
        return outages;
    }

    /** Invalidations waiting for Redis to return. */
    public synchronized int pendingInvalidations() {
        return pending.size();
    }

    /** Records that an operation failed because of Redis; logs a WARN if this starts an outage. */
    public void failed(String operation, RuntimeException failure) {
        markDown(errors.translate(operation, failure).getMessage(), failure);
    }

    /**
     * Checks Redis after the client reported a closed connection; a failing ping starts an
     * outage. (Clients also close short-lived connections, e.g. for Sentinel or Cluster topology
     * discovery, so a closed connection alone is not an outage.)
     */
    public void connectionLost() {
        synchronized (this) {
            if (!up || closed) {
                return;
            }
        }
        try {
            prober.execute(() -> {
                try {
                    recovery.ping();
                } catch (RuntimeException failure) {
                    if (RedisErrors.isRedisFailure(failure)) {
                        markDown("Redis connection to " + errors.address()
                                + " lost; the client reconnects in the background", failure);
                    } else {
                        // Not an outage, but a bug or misconfiguration: never swallowed silently.
                        log.error("{} unexpected failure while checking Redis after a closed connection; "
                                + "outage detection continues with the next failing call", instance, failure);
                    }
                }
            });
        } catch (RejectedExecutionException closing) {
            log.debug("{} connection loss not checked: the store is closing", instance);
        }
    }

    /** Asks for a probe now, e.g. because the client reconnected. */
    public void connectionRestored() {
        synchronized (this) {
            if (up || closed) {
                return;
            }
        }
        try {
            prober.execute(this::probe);
        } catch (RejectedExecutionException closing) {
            log.debug("{} reconnection not probed: the store is closing", instance);
        }
    }

    /**
     * Applies {@code invalidation} now if Redis is up, else keeps it for replay. Never throws for
     * a Redis failure: a failed attempt is kept and starts an outage.
     */
    public void invalidate(Invalidation invalidation) {
        invalidate(invalidation, () -> recovery.apply(invalidation));
    }

    /**
     * Runs {@code action}, which must include the effect of {@code invalidation}, if Redis is up;
     * if Redis is down or the action fails, keeps {@code invalidation} for replay instead.
     */
    public void invalidate(Invalidation invalidation, Runnable action) {
        synchronized (this) {
            if (!up) {
                keep(invalidation);
                return;
            }
        }
        try {
            action.run();
        } catch (RuntimeException failure) {
            if (!RedisErrors.isRedisFailure(failure)) {
                throw failure;
            }
            synchronized (this) {
                keep(invalidation);
            }
            failed("cache invalidation", failure);
        }
    }

    private void keep(Invalidation invalidation) {
        if (overflowed) {
            return;
        }
        pending.add(invalidation);
        if (pending.size() > MAX_PENDING) {
            pending.clear();
            overflowed = true;
        }
    }

    private void markDown(String reason, Throwable cause) {
        synchronized (this) {
            if (closed || !up) {
                return;
            }
            up = false;
            outages++;
            downSinceNanos = System.nanoTime();
        }
        log.warn("{} {}. {}", instance, reason, degradedBehaviour);
        if (cause != null) {
            log.debug("{} cause of the outage", instance, cause);
        }
        scheduleProbe(PROBE_MILLIS);
    }

    private void scheduleProbe(long delayMillis) {
        synchronized (this) {
            if (closed || probeScheduled) {
                return;
            }
            probeScheduled = true;
        }
        try {
            prober.schedule(() -> {
                synchronized (this) {
                    probeScheduled = false;
                }
                probe();
            }, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            log.debug("{} no further probe scheduled: the store is closing", instance);
        }
    }

    private void probe() {
        try {
            recovery.ping();
            int replayed = 0;
            boolean flushed = false;
            while (true) {
                List<Invalidation> batch;
                boolean flush;
                synchronized (this) {
                    if (up || closed) {
                        return;
                    }
                    if (pending.isEmpty() && !overflowed) {
                        up = true;
                        break;
                    }
                    batch = new ArrayList<>(pending);
                    flush = overflowed;
                }
                if (flush) {
                    recovery.flushCaches();
                    flushed = true;
                    synchronized (this) {
                        overflowed = false;
                        pending.clear();
                    }
                    continue;
                }
                for (Invalidation invalidation : batch) {
                    recovery.apply(invalidation);
                    synchronized (this) {
                        pending.remove(invalidation);
                    }
                    replayed++;
                }
            }
            Duration down = Duration.ofNanos(System.nanoTime() - downSinceNanos);
            log.info("{} Redis available again after {}; {} before serving cached reads", instance,
                    HumanDuration.format(down), flushed ? "flushed the cache namespace (too many invalidations to replay)"
                            : "replayed " + replayed + " cache invalidation(s)");
        } catch (RuntimeException stillDown) {
            if (!RedisErrors.isRedisFailure(stillDown)) {
                log.error("{} unexpected failure while probing Redis", instance, stillDown);
            }
            scheduleProbe(PROBE_MILLIS);
        }
    }

    /** Stops probing; kept invalidations are dropped (their entries expire by TTL). */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        prober.shutdownNow();
    }
}
