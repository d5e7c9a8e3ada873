package dev.ragstore.core.memory;

import dev.ragstore.core.ephemeral.Cache;
import dev.ragstore.core.ephemeral.EphemeralStore;
import dev.ragstore.core.ephemeral.JobProgress;
import dev.ragstore.core.ephemeral.Locks;
import dev.ragstore.core.ephemeral.RateLimiter;
import dev.ragstore.core.ephemeral.SessionTokens;
import dev.ragstore.core.error.InvalidInputException;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * An {@link EphemeralStore} in memory: the embedded default and the reference behaviour for the
 * Redis adapter. Every expiry is read from the injected {@link Clock} (so tests can move time),
 * and expired state is dropped lazily; no background thread runs.
 *
 * <ul>
 *   <li>Session tokens: 32 random bytes as base64url; TTL 1 second to 365 days.</li>
 *   <li>Rate limits: an exact sliding-window log per (user, endpoint); endpoint 1 to 200
 *       characters without control characters.</li>
 *   <li>Locks: one live grant per resource (1 to 200 characters); TTL 1 ms to 1 day; waits up
 *       to 1 day; fences strictly increase per resource, also across expiry.</li>
 *   <li>Jobs: a finished job stays readable for the job retention (default
 *       {@link #DEFAULT_JOB_RETENTION}), then is gone.</li>
 *   <li>Cache: at most the cache capacity (default {@value #DEFAULT_CACHE_CAPACITY}) entries;
 *       a full cache evicts the entry written longest ago.</li>
 * </ul>
 *
 * Thread-safe. {@link #close()} does nothing: the state lives as long as the object.
 */
public final class InMemoryEphemeralStore implements EphemeralStore {

    /** How long a finished job stays readable unless configured otherwise: 24 hours. */
    public static final Duration DEFAULT_JOB_RETENTION = Duration.ofHours(24);
    /** How many cache entries are kept unless configured otherwise. */
    public static final int DEFAULT_CACHE_CAPACITY = 10_000;

    private final SessionTokens sessionTokens;
    private final RateLimiter rateLimiter;
    private final Locks locks;
    private final JobProgress jobs;
    private final Cache cache;

    private InMemoryEphemeralStore(Builder builder) {
        SecureRandom random = new SecureRandom();
        this.sessionTokens = new MemorySessionTokens(builder.clock, random);
        this.rateLimiter = new MemoryRateLimiter(builder.clock);
        this.locks = new MemoryLocks(builder.clock, random);
        this.jobs = new MemoryJobProgress(builder.clock, builder.jobRetention);
        this.cache = new MemoryCache(builder.clock, builder.cacheCapacity);
    }

    /** A store with the default job retention and cache capacity, reading time from {@code clock}. */
    public static InMemoryEphemeralStore create(Clock clock) {
        return builder().clock(clock).build();
    }

    /** A builder with the system UTC clock and the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Always {@code "memory"}. */
    @Override
    public String name() {
        return "memory";
    }

    @Override
    public SessionTokens sessionTokens() {
        return sessionTokens;
    }

    @Override
    public RateLimiter rateLimiter() {
        return rateLimiter;
    }

    @Override
    public Locks locks() {
        return locks;
    }

    @Override
    public JobProgress jobs() {
        return jobs;
    }

    @Override
    public Cache cache() {
        return cache;
    }

    /** Does nothing; the store keeps working. */
    @Override
    public void close() {
    }

    /** Configures an {@link InMemoryEphemeralStore}. Not thread-safe; {@link #build()} may be called more than once. */
    public static final class Builder {
        /** The longest job retention accepted. */
        public static final Duration MAX_JOB_RETENTION = Duration.ofDays(30);
        /** The largest cache capacity accepted. */
        public static final int MAX_CACHE_CAPACITY = 10_000_000;

        private Clock clock = Clock.systemUTC();
        private Duration jobRetention = DEFAULT_JOB_RETENTION;
        private int cacheCapacity = DEFAULT_CACHE_CAPACITY;

        private Builder() {
        }

        /** Where every time to live is read from; must not be {@code null}. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * How long a completed or failed job stays readable.
         *
         * @throws InvalidInputException unless between 1 second and {@link #MAX_JOB_RETENTION}
         */
        public Builder jobRetention(Duration jobRetention) {
            this.jobRetention = EphemeralChecks.between("job retention", jobRetention, Duration.ofSeconds(1),
                    MAX_JOB_RETENTION, "must be between 1 second and 30 days");
            return this;
        }

        /**
         * The most cache entries kept.
         *
         * @throws InvalidInputException unless between 1 and {@link #MAX_CACHE_CAPACITY}
         */
        public Builder cacheCapacity(int cacheCapacity) {
            if (cacheCapacity < 1 || cacheCapacity > MAX_CACHE_CAPACITY) {
                throw InvalidInputException.of("cache capacity", "must be between 1 and " + MAX_CACHE_CAPACITY, cacheCapacity);
            }
            this.cacheCapacity = cacheCapacity;
            return this;
        }

        /** A new, empty store with these settings. */
        public InMemoryEphemeralStore build() {
            return new InMemoryEphemeralStore(this);
        }
    }
}
