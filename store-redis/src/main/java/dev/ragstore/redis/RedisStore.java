package dev.ragstore.redis;

import dev.ragstore.core.ephemeral.Cache;
import dev.ragstore.core.ephemeral.EphemeralStore;
import dev.ragstore.core.ephemeral.JobProgress;
import dev.ragstore.core.ephemeral.Locks;
import dev.ragstore.core.ephemeral.RateLimiter;
import dev.ragstore.core.ephemeral.SessionTokens;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.error.StoreUnavailableException;
import dev.ragstore.core.internal.RecordJson;
import dev.ragstore.redis.internal.HumanDuration;
import dev.ragstore.redis.internal.Inputs;
import dev.ragstore.redis.internal.Invalidation;
import dev.ragstore.redis.internal.KeySpace;
import dev.ragstore.redis.internal.OutageMonitor;
import dev.ragstore.redis.internal.RedisConnection;
import dev.ragstore.redis.internal.RedisErrors;
import dev.ragstore.redis.internal.RedisTarget;
import dev.ragstore.redis.internal.SecretMemory;
import dev.ragstore.redis.internal.VersionedCache;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.event.Event;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import io.lettuce.core.event.connection.ConnectionDeactivatedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The ephemeral store on Redis (Lettuce): session tokens, rate limits, locks, job progress and
 * a cache, all under one key prefix, over one shared auto-reconnecting connection to a
 * standalone server, a Sentinel-managed master or a Cluster. Wire it with {@link #builder()};
 * wrap a relational store with {@link RedisCachedRelationalStore#wrap} to add read-through
 * caching on the same connection.
 *
 * <p>When Redis is unreachable: tokens and locks throw a retryable
 * {@link StoreUnavailableException} naming the address; the rate limiter allows or denies as set
 * by {@link Builder#rateLimiterOutageMode}; the cache misses and drops writes; cached reads fall
 * back to the store of record. One WARN is logged per outage and one INFO on recovery.
 * Thread-safe; {@link #close()} releases the connection.
 *
 * @since 0.1
 */
public final class RedisStore implements EphemeralStore {

    private static final Logger LOG = LoggerFactory.getLogger(RedisStore.class);

    private final RedisTarget target;
    private final String instance;
    private final Settings settings;
    private final RedisConnection connection;
    private final OutageMonitor monitor;
    private final RedisParts parts;
    private final VersionedCache records;
    private final RecordJson json = RecordJson.withFingerprints(new SecretMemory());
    private final RedisSessionTokens sessionTokens;
    private final RedisRateLimiter rateLimiter;
    private final RedisLocks locks;
    private final RedisJobProgress jobs;
    private final RedisCache cache;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Settings after validation. */
    private record Settings(KeySpace keys, Duration cacheTtl, Duration jobRetention, Duration connectTimeout,
            Duration commandTimeout, int historyCacheMessages, RateLimiterOutageMode outageMode) {
    }

    private RedisStore(RedisTarget target, Settings settings) {
        this.target = target;
        this.settings = settings;
        this.instance = "RedisStore[" + target.address() + " " + settings.keys().prefix() + "]";
        Recovery recovery = new Recovery();
        RedisErrors errors = new RedisErrors(target.address(), target.display(), settings.commandTimeout());
        this.monitor = new OutageMonitor(LOG, errors, instance, "Cached reads fall back to the store of record, the rate limiter "
                + (settings.outageMode() == RateLimiterOutageMode.FAIL_OPEN ? "allows" : "denies")
                + " requests, tokens and locks throw StoreUnavailableException until it returns", recovery);
        try {
            this.connection = RedisConnection.open(target.toRedisUri(), target.cluster(), settings.connectTimeout(),
                    settings.commandTimeout(), this::onEvent);
        } catch (RuntimeException failure) {
            monitor.close();
            if (failure instanceof RedisException) {
                throw errors.translate("connect (connect timeout " + HumanDuration.format(settings.connectTimeout()) + ")", failure);
            }
            throw failure;
        }
        this.parts = new RedisParts(connection.commands(), settings.keys(), errors, monitor);
        this.records = new VersionedCache(connection.commands(), monitor, settings.cacheTtl());
        this.sessionTokens = new RedisSessionTokens(parts);
        this.rateLimiter = new RedisRateLimiter(parts, settings.outageMode());
        this.locks = new RedisLocks(parts);
        this.jobs = new RedisJobProgress(parts, settings.jobRetention());
        this.cache = new RedisCache(parts);
        recovery.attach(this);
        LOG.info("{} started: {}{}, cache TTL {}, job retention {}, command timeout {}, rate limiter {} while Redis is down",
                instance, target.display(), target.cluster() ? " (cluster)" : "", HumanDuration.format(settings.cacheTtl()),
                HumanDuration.format(settings.jobRetention()), HumanDuration.format(settings.commandTimeout()),
                settings.outageMode() == RateLimiterOutageMode.FAIL_OPEN ? "allows" : "denies");
    }

    /** A builder with the documented defaults; {@link Builder#uri} or {@link Builder#clusterUri} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Always {@code "redis"}. */
    @Override
    public String name() {
        return RedisErrors.STORE;
    }

    /** Tokens under {@code token:<t>} with a per-user index; throw a retryable {@link StoreUnavailableException} while Redis is down. */
    @Override
    public SessionTokens sessionTokens() {
        return sessionTokens;
    }

    /** One Lua round trip per decision; while Redis is down, answers by the configured {@link RateLimiterOutageMode}. */
    @Override
    public RateLimiter rateLimiter() {
        return rateLimiter;
    }

    /** Locks with fences; throw a retryable {@link StoreUnavailableException} while Redis is down. */
    @Override
    public Locks locks() {
        return locks;
    }

    /** Job hashes under {@code task:<id>}; throw a retryable {@link StoreUnavailableException} while Redis is down. */
    @Override
    public JobProgress jobs() {
        return jobs;
    }

    /** Entries under {@code cache:<key>}; never throws for an outage (reads miss, writes are dropped). */
    @Override
    public Cache cache() {
        return cache;
    }

    /** Closes the connection and stops the outage probe; idempotent. Later calls fail. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        monitor.close();
        connection.close();
        LOG.info("{} stopped", instance);
    }

    /** The URI without credentials, the prefix and the main settings. */
    @Override
    public String toString() {
        return "RedisStore[uri=" + target + ", keyPrefix=" + settings.keys().prefix() + ", cacheTtl="
                + HumanDuration.format(settings.cacheTtl()) + ", jobRetention=" + HumanDuration.format(settings.jobRetention())
                + ", rateLimiterOutageMode=" + settings.outageMode() + "]";
    }

    VersionedCache records() {
        return records;
    }

    RecordJson json() {
        return json;
    }

    KeySpace keys() {
        return settings.keys();
    }

    int historyCacheMessages() {
        return settings.historyCacheMessages();
    }

    OutageMonitor monitor() {
        return monitor;
    }

    private void onEvent(Event event) {
        if (closed.get()) {
            return;
        }
        if (event instanceof ConnectionDeactivatedEvent) {
            monitor.connectionLost();
        } else if (event instanceof ConnectionActivatedEvent) {
            monitor.connectionRestored();
        }
    }

    /** Recovery actions of the outage monitor, bound to the store once it is connected. */
    private static final class Recovery implements OutageMonitor.Recovery {
        private volatile RedisStore store;

        void attach(RedisStore store) {
            this.store = store;
        }

        private RedisStore store() {
            RedisStore bound = store;
            if (bound == null) {
                throw new RedisException("not connected yet");
            }
            return bound;
        }

        @Override
        public void ping() {
            RedisStore bound = store;
            // Before the store is wired, closed connections are the client's own discovery connections.
            if (bound != null) {
                bound.parts.commands().ping();
            }
        }

        @Override
        public void apply(Invalidation invalidation) {
            store().records.apply(invalidation);
        }

        @Override
        public void flushCaches() {
            RedisStore bound = store();
            KeySpace keys = bound.settings.keys();
            List<String> batch = new ArrayList<>();
            ScanIterator<String> scan = ScanIterator.scan(bound.parts.commands(),
                    ScanArgs.Builder.matches(keys.everything()).limit(1_000));
            while (scan.hasNext()) {
                String key = scan.next();
                if (keys.isDisposableCacheKey(key)) {
                    batch.add(key);
                }
                if (batch.size() == 500) {
                    bound.parts.commands().unlink(batch.toArray(String[]::new));
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                bound.parts.commands().unlink(batch.toArray(String[]::new));
            }
        }
    }

    /**
     * Configures a {@link RedisStore}. Setters reject impossible values at once, naming the
     * setting; {@link #build()} checks combinations and connects. Not thread-safe.
     */
    public static final class Builder {
        private static final Duration MIN_TIMEOUT = Duration.ofMillis(10);
        private static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);

        private String uri;
        private String clusterUri;
        private String keyPrefix = KeySpace.DEFAULT_PREFIX;
        private Duration cacheTtl = Duration.ofMinutes(10);
        private Duration jobRetention = Duration.ofHours(1);
        private Duration connectTimeout = Duration.ofSeconds(2);
        private Duration commandTimeout = Duration.ofSeconds(1);
        private int historyCacheMessages = 50;
        private RateLimiterOutageMode outageMode = RateLimiterOutageMode.FAIL_OPEN;

        private Builder() {
        }

        /**
         * A standalone ({@code redis://host:6379/0}, {@code rediss://} for TLS) or Sentinel
         * ({@code redis-sentinel://host:26379,host2:26379/0#mymaster}) URI; credentials may be
         * part of it and are never logged.
         *
         * @throws InvalidInputException if the URI cannot be parsed
         */
        public Builder uri(String uri) {
            RedisTarget.parse("redis uri", uri, false);
            this.uri = uri;
            return this;
        }

        /**
         * The URI of one node of a Redis Cluster ({@code redis://} or {@code rediss://}); the
         * topology is discovered from it.
         *
         * @throws InvalidInputException if the URI cannot be parsed
         */
        public Builder clusterUri(String uri) {
            RedisTarget.parse("redis clusterUri", uri, true);
            this.clusterUri = uri;
            return this;
        }

        /**
         * The namespace every key starts with (default {@code "ragstore:"}); 1 to 64 of
         * {@code A-Z a-z 0-9 _ . : -}.
         *
         * @throws InvalidInputException if it breaks that rule
         */
        public Builder keyPrefix(String keyPrefix) {
            this.keyPrefix = KeySpace.checkPrefix(keyPrefix);
            return this;
        }

        /**
         * How long cached records, histories and name mappings live (default 10 min, 1 s to 30
         * days); the bound on staleness should an invalidation ever be lost.
         */
        public Builder cacheTtl(Duration cacheTtl) {
            this.cacheTtl = Inputs.duration("redis cacheTtl", cacheTtl, Duration.ofSeconds(1), Duration.ofDays(30));
            return this;
        }

        /** How long a completed or failed job stays readable (default 1 h, 1 s to 30 days). */
        public Builder jobRetention(Duration jobRetention) {
            this.jobRetention = Inputs.duration("redis jobRetention", jobRetention, Duration.ofSeconds(1), Duration.ofDays(30));
            return this;
        }

        /** How long connecting may take (default 2 s, 10 ms to 5 min). */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = Inputs.duration("redis connectTimeout", connectTimeout, MIN_TIMEOUT, MAX_TIMEOUT);
            return this;
        }

        /**
         * How long one command may take before it counts as an outage (default 1 s, 10 ms to 5
         * min); also the worst extra latency a cached read sees when Redis stalls.
         */
        public Builder commandTimeout(Duration commandTimeout) {
            this.commandTimeout = Inputs.duration("redis commandTimeout", commandTimeout, MIN_TIMEOUT, MAX_TIMEOUT);
            return this;
        }

        /** How many trailing messages of a conversation path the history cache keeps (default 50, 1 to 1,000). */
        public Builder historyCacheMessages(int historyCacheMessages) {
            if (historyCacheMessages < 1 || historyCacheMessages > 1_000) {
                throw InvalidInputException.of("redis historyCacheMessages", "must be between 1 and 1000", historyCacheMessages);
            }
            this.historyCacheMessages = historyCacheMessages;
            return this;
        }

        /** What the rate limiter answers while Redis is down (default {@link RateLimiterOutageMode#FAIL_OPEN}). */
        public Builder rateLimiterOutageMode(RateLimiterOutageMode mode) {
            this.outageMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * Validates the combination and connects.
         *
         * @throws InvalidInputException if neither or both of {@code uri()} and {@code clusterUri()} are set
         * @throws StoreUnavailableException (retryable) if Redis cannot be reached within the connect timeout;
         *         (not retryable) "Redis authentication failed for redis://***@host:port/db ..." if the server
         *         refuses the credentials (wrong or missing password, ACL user without the right)
         */
        public RedisStore build() {
            if (uri == null && clusterUri == null) {
                throw InvalidInputException.withoutValue("redis uri", "is required: set uri() or clusterUri()");
            }
            if (uri != null && clusterUri != null) {
                throw InvalidInputException.withoutValue("redis uri", "and clusterUri() are mutually exclusive: set one");
            }
            if (commandTimeout.compareTo(cacheTtl) >= 0) {
                throw InvalidInputException.of("redis commandTimeout", "must be shorter than cacheTtl ("
                        + HumanDuration.format(cacheTtl) + ")", commandTimeout);
            }
            RedisTarget target = uri != null ? RedisTarget.parse("redis uri", uri, false)
                    : RedisTarget.parse("redis clusterUri", clusterUri, true);
            return new RedisStore(target, new Settings(KeySpace.of(keyPrefix), cacheTtl, jobRetention, connectTimeout,
                    commandTimeout, historyCacheMessages, outageMode));
        }
    }
}
