package dev.ragstore.redis;

import dev.ragstore.core.chat.ChatSession;
import dev.ragstore.core.chat.Message;
import dev.ragstore.core.ephemeral.RateLimit;
import dev.ragstore.core.ephemeral.RateLimiter;
import dev.ragstore.core.memory.InMemoryRelationalStore;
import dev.ragstore.core.spi.RelationalStore;
import dev.ragstore.core.user.User;
import dev.ragstore.core.user.UserId;
import dev.ragstore.postgres.PostgresStore;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/**
 * The numbers of the Redis adapter (a harness, not a test): cache hit vs store-of-record read
 * latency, rate-limiter decisions per second from 1 and 16 threads, and a history window from
 * the cache vs from the store of record. Uses PostgreSQL (a fresh schema, dropped afterwards)
 * when it answers, else the in-memory store, and says which.
 *
 * <pre>{@code
 * mvn -B -o -pl store-redis test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.ragstore.redis.RedisNumbers
 * }</pre>
 */
public final class RedisNumbers {

    private static final int USERS = 1_000;
    private static final int READS = 20_000;
    private static final int HISTORY_MESSAGES = 200;
    private static final int WINDOW = 20;
    private static final Duration RATE_RUN = Duration.ofSeconds(5);

    private RedisNumbers() {
    }

    public static void main(String[] args) throws Exception {
        String prefix = TestRedis.uniquePrefix("numbers");
        String jdbcUrl = System.getenv().getOrDefault("RAGSTORE_PG_URL",
                "jdbc:postgresql://127.0.0.1:5432/ragstore?user=ragstore&password=ragstore");
        String schema = "redis_numbers_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        RelationalStore relational;
        boolean postgres;
        try {
            relational = PostgresStore.builder().jdbcUrl(jdbcUrl).schema(schema).build();
            postgres = true;
        } catch (RuntimeException noPostgres) {
            System.out.println("PostgreSQL not available (" + noPostgres.getMessage() + "); using the in-memory store");
            relational = InMemoryRelationalStore.create();
            postgres = false;
        }
        try (RedisStore redis = TestRedis.builder(prefix).build()) {
            RedisCachedRelationalStore cached = RedisCachedRelationalStore.wrap(relational, redis);
            System.out.printf(Locale.ROOT, "store of record: %s; Redis: %s; %d cores%n", relational.name(), TestRedis.uri(),
                    Runtime.getRuntime().availableProcessors());
            rawBaseline(prefix, redis.json().write(Records.user("baseline")));
            userReads(relational, cached);
            historyWindows(relational, cached);
            rateLimiter(redis.rateLimiter(), 1);
            rateLimiter(redis.rateLimiter(), 16);
        } finally {
            relational.close();
            TestRedis.deletePrefix(prefix);
            if (postgres) {
                try (Connection connection = DriverManager.getConnection(jdbcUrl);
                     Statement statement = connection.createStatement()) {
                    statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                }
            }
        }
    }

    /** The raw-driver limit: a plain GET of a cached-user-sized value on its own Lettuce connection. */
    private static void rawBaseline(String prefix, String value) {
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(TestRedis.uri());
        try (io.lettuce.core.api.StatefulRedisConnection<String, String> connection = client.connect()) {
            io.lettuce.core.api.sync.RedisCommands<String, String> raw = connection.sync();
            raw.set(prefix + "baseline", value);
            report("raw Lettuce GET of a " + value.length() + "-byte value (driver limit)",
                    latencies(i -> raw.get(prefix + "baseline")));
        } finally {
            client.shutdown();
        }
    }

    private static void userReads(RelationalStore relational, RedisCachedRelationalStore cached) {
        List<UserId> ids = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            User user = Records.user("numbers-" + UUID.randomUUID().toString().substring(0, 12));
            ids.add(relational.users().insert(user).id());
        }
        ids.forEach(id -> cached.users().findById(id));
        IntConsumer fromCache = i -> cached.users().findById(ids.get(i % USERS)).orElseThrow();
        IntConsumer fromStore = i -> relational.users().findById(ids.get(i % USERS)).orElseThrow();
        report("user by id, cache hit", latencies(fromCache));
        report("user by id, " + relational.name(), latencies(fromStore));
    }

    private static void historyWindows(RelationalStore relational, RedisCachedRelationalStore cached) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        User owner = cached.users().insert(Records.user("history-" + UUID.randomUUID().toString().substring(0, 12)));
        ChatSession session = cached.chats().insertSession(Records.session(owner.id()), today);
        Message leaf = cached.chats().append(owner.id(), Records.message(session.id(), owner.id(), null, "first"), today);
        cached.chats().path(owner.id(), leaf.id(), WINDOW);
        for (int i = 1; i < HISTORY_MESSAGES; i++) {
            leaf = cached.chats().append(owner.id(), i % 2 == 0
                    ? Records.message(session.id(), owner.id(), leaf.id(), "question " + i + " " + "lorem ipsum ".repeat(20))
                    : Records.cited(session.id(), leaf.id(), "answer " + i + " " + "dolor sit amet ".repeat(40)), today);
        }
        MessageLeaf last = new MessageLeaf(owner.id(), leaf);
        IntConsumer fromCache = i -> check(cached.chats().path(last.owner(), last.leaf().id(), WINDOW));
        IntConsumer fromStore = i -> check(relational.chats().path(last.owner(), last.leaf().id(), WINDOW));
        report("history window of " + WINDOW + " (path of " + HISTORY_MESSAGES + "), cache", latencies(fromCache));
        report("history window of " + WINDOW + " (path of " + HISTORY_MESSAGES + "), " + relational.name(), latencies(fromStore));
    }

    private record MessageLeaf(UserId owner, Message leaf) {
    }

    private static void check(List<Message> window) {
        if (window.size() != WINDOW) {
            throw new IllegalStateException("expected " + WINDOW + " messages, got " + window.size());
        }
    }

    private static void rateLimiter(RateLimiter limiter, int threads) throws InterruptedException {
        List<UserId> users = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            users.add(new UserId(UUID.randomUUID()));
        }
        RateLimit limit = new RateLimit(100, Duration.ofSeconds(1));
        AtomicLong decisions = new AtomicLong();
        AtomicLong allowed = new AtomicLong();
        long warmupEnd = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        long end = warmupEnd + RATE_RUN.toNanos();
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                long now;
                while ((now = System.nanoTime()) < end) {
                    boolean ok = limiter.tryAcquire(users.get(random.nextInt(users.size())), "POST /chat", limit).allowed();
                    if (now >= warmupEnd) {
                        decisions.incrementAndGet();
                        if (ok) {
                            allowed.incrementAndGet();
                        }
                    }
                }
                done.countDown();
            });
            worker.start();
        }
        done.await();
        System.out.printf(Locale.ROOT, "%-62s %,10.0f decisions/s (%d thread%s, %.0f%% allowed)%n", "rate limiter",
                decisions.get() / (RATE_RUN.toNanos() / 1e9), threads, threads == 1 ? "" : "s",
                100.0 * allowed.get() / Math.max(1, decisions.get()));
    }

    private static long[] latencies(IntConsumer call) {
        for (int i = 0; i < READS / 4; i++) {
            call.accept(i);
        }
        long[] nanos = new long[READS];
        for (int i = 0; i < READS; i++) {
            long start = System.nanoTime();
            call.accept(i);
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        return nanos;
    }

    private static void report(String what, long[] sorted) {
        System.out.printf(Locale.ROOT, "%-62s p50 %7.1f µs   p99 %7.1f µs   (%d reads)%n", what,
                sorted[sorted.length / 2] / 1e3, sorted[(int) (sorted.length * 0.99)] / 1e3, sorted.length);
    }
}
