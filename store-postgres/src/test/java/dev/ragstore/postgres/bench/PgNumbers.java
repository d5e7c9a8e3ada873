package dev.ragstore.postgres.bench;

import dev.ragstore.core.chat.ChatSession;
import dev.ragstore.core.chat.ChatSessionId;
import dev.ragstore.core.chat.Message;
import dev.ragstore.core.chat.MessageId;
import dev.ragstore.core.chat.MessageRole;
import dev.ragstore.core.internal.TimeOrderedIds;
import dev.ragstore.core.usage.UsageDelta;
import dev.ragstore.core.user.Role;
import dev.ragstore.core.user.User;
import dev.ragstore.core.user.UserId;
import dev.ragstore.postgres.PostgresStore;
import dev.ragstore.testkit.fixture.PostgresFixture;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A small harness, not a test: measures the PostgreSQL store on the server the testkit fixture
 * finds, in a schema of its own that it drops afterwards, and prints the numbers. Run with
 *
 * <pre>
 * mvn -B -o -pl store-postgres test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.ragstore.postgres.bench.PgNumbers
 * </pre>
 *
 * <ul>
 *   <li>append throughput (one transaction each: message, session counters, usage, lifetime
 *       tokens) with 1 thread, 16 threads on 16 sessions, and 16 threads on one session;</li>
 *   <li>history latency: the last 50 messages of a 10,000-message conversation (p50/p99);</li>
 *   <li>usage increments under 64 threads, on one hot user-day row and on 64 users.</li>
 * </ul>
 */
public final class PgNumbers {

    private static final LocalDate DAY = LocalDate.of(2026, 1, 15);
    private static final int POOL = 16;

    private final PostgresStore store;
    private final TimeOrderedIds ids = new TimeOrderedIds();

    private PgNumbers(PostgresStore store) {
        this.store = store;
    }

    public static void main(String[] args) throws Exception {
        PostgresFixture fixture = PostgresFixture.resolve();
        String schema = fixture.createSchema("numbers");
        try (PostgresStore store = PostgresStore.builder().jdbcUrl(fixture.jdbcUrl()).username(fixture.user())
                .password(fixture.password()).schema(schema).maximumPoolSize(POOL).poolName("numbers").build()) {
            PgNumbers numbers = new PgNumbers(store);
            numbers.baselines(fixture, schema);
            System.out.printf(Locale.ROOT, "PostgresStore numbers (pool %d, %d cores, RLS on)%n", POOL,
                    Runtime.getRuntime().availableProcessors());
            numbers.appends();
            numbers.history();
            numbers.usage();
        } finally {
            fixture.dropSchema(schema);
        }
    }

    /** What one committed transaction costs on this server, for ratios: raw JDBC, then through the store's scope. */
    private void baselines(PostgresFixture fixture, String schema) throws Exception {
        UserId user = user();
        store.useAdminTransaction(h -> h.execute("CREATE TABLE " + schema + ".bench_raw (id uuid PRIMARY KEY, n int)"));
        int runs = 2_000;
        try (java.sql.Connection connection = fixture.openConnection();
             java.sql.PreparedStatement insert = connection.prepareStatement("INSERT INTO " + schema + ".bench_raw VALUES (?, 1)")) {
            connection.setAutoCommit(false);
            for (int warm = 0; warm < 2; warm++) {
                long start = System.nanoTime();
                for (int i = 0; i < runs; i++) {
                    insert.setObject(1, ids.next());
                    insert.executeUpdate();
                    connection.commit();
                }
                if (warm == 1) {
                    report("baseline: raw JDBC insert + commit, 1 thread", runs, (System.nanoTime() - start) / 1e9);
                }
            }
        }
        String sql = "INSERT INTO " + schema + ".bench_raw VALUES (:id, 1)";
        for (int warm = 0; warm < 2; warm++) {
            long start = System.nanoTime();
            for (int i = 0; i < runs; i++) {
                store.useTransaction(user, h -> h.createUpdate(sql).bind("id", ids.next()).execute());
            }
            if (warm == 1) {
                report("baseline: store transaction (RLS scope) + insert", runs, (System.nanoTime() - start) / 1e9);
            }
        }
    }

    private void appends() throws Exception {
        UserId user = user();
        List<ChatSessionId> sessions = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            sessions.add(session(user));
        }
        timedAppends("warm-up", 4, 500, i -> sessions.get(i));
        timedAppends("append, 1 thread", 1, 3_000, i -> sessions.get(0));
        timedAppends("append, 16 threads, 16 sessions", 16, 750, i -> sessions.get(i));
        ChatSessionId shared = session(user);
        timedAppends("append, 16 threads, 1 session", 16, 300, i -> shared);
        List<ChatSessionId> ownSessions = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            ownSessions.add(session(user()));
        }
        timedAppends("append, 16 threads, 16 users", 16, 750, i -> ownSessions.get(i));
    }

    private void timedAppends(String label, int threads, int perThread, java.util.function.IntFunction<ChatSessionId> sessionOf)
            throws Exception {
        double seconds = race(threads, thread -> {
            ChatSessionId session = sessionOf.apply(thread);
            UserId owner = userOf(session);
            for (int i = 0; i < perThread; i++) {
                store.chats().append(owner, message(session, owner, null), DAY);
            }
        });
        report(label, (long) threads * perThread, seconds);
    }

    private void history() {
        UserId user = user();
        ChatSessionId session = session(user);
        MessageId parent = null;
        for (int i = 0; i < 10_000; i++) {
            parent = store.chats().append(user, message(session, user, parent), DAY).id();
        }
        MessageId leaf = parent;
        for (int i = 0; i < 500; i++) {
            store.chats().path(user, leaf, 50);
        }
        int runs = 5_000;
        long[] nanos = new long[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            List<Message> path = store.chats().path(user, leaf, 50);
            nanos[i] = System.nanoTime() - start;
            if (path.size() != 50) {
                throw new IllegalStateException("history has " + path.size() + " messages");
            }
        }
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "%-48s p50 %.3f ms, p99 %.3f ms, max %.3f ms (%d runs, 10,000-message session)%n",
                "history, last 50 messages", nanos[runs / 2] / 1e6, nanos[runs * 99 / 100] / 1e6, nanos[runs - 1] / 1e6, runs);
    }

    private void usage() throws Exception {
        UserId hot = user();
        race(8, thread -> {
            for (int i = 0; i < 200; i++) {
                store.usage().record(hot, DAY, UsageDelta.tokens(1));
            }
        });
        int perThread = 200;
        double seconds = race(64, thread -> {
            for (int i = 0; i < perThread; i++) {
                store.usage().record(hot, DAY, UsageDelta.tokens(1));
            }
        });
        report("usage increment, 64 threads, 1 user-day row", 64L * perThread, seconds);
        long expected = 8 * 200 + 64L * perThread;
        if (store.usage().find(hot, DAY).tokens() != expected) {
            throw new IllegalStateException("lost usage updates");
        }
        List<UserId> users = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            users.add(user());
        }
        seconds = race(64, thread -> {
            for (int i = 0; i < perThread; i++) {
                store.usage().record(users.get(thread), DAY, UsageDelta.tokens(1));
            }
        });
        report("usage increment, 64 threads, 64 users", 64L * perThread, seconds);
        seconds = race(64, thread -> {
            for (int i = 0; i < perThread; i++) {
                store.usage().tryConsumeTokens(hot, DAY.plusDays(1), 1, Long.MAX_VALUE / 2);
            }
        });
        report("quota consume, 64 threads, 1 user-day row", 64L * perThread, seconds);
    }

    private static void report(String label, long operations, double seconds) {
        System.out.printf(Locale.ROOT, "%-48s %,10.0f ops/s (%,d ops in %.2f s)%n", label, operations / seconds, operations,
                seconds);
    }

    private static double race(int threads, ThreadWork work) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(executor.submit(() -> {
                    go.await();
                    work.run(thread);
                    return null;
                }));
            }
            long start = System.nanoTime();
            go.countDown();
            for (Future<?> future : futures) {
                future.get(30, TimeUnit.MINUTES);
            }
            return (System.nanoTime() - start) / 1e9;
        } finally {
            executor.shutdownNow();
        }
    }

    private UserId user() {
        Instant now = now();
        UserId id = new UserId(ids.next());
        store.users().insert(new User(id, "bench-" + id, null, "hash", "Bench", Role.USER, true, false, null, 0, Map.of(),
                null, now, now));
        return id;
    }

    private final Map<ChatSessionId, UserId> owners = new java.util.concurrent.ConcurrentHashMap<>();

    private ChatSessionId session(UserId owner) {
        Instant now = now();
        ChatSession session = store.chats().insertSession(new ChatSession(new ChatSessionId(ids.next()), owner, "bench", "",
                Map.of(), List.of(), 0, 0, now, now, now), DAY);
        owners.put(session.id(), owner);
        return session.id();
    }

    private UserId userOf(ChatSessionId session) {
        return owners.get(session);
    }

    private Message message(ChatSessionId session, UserId author, MessageId parent) {
        return new Message(new MessageId(ids.next()), session, author, parent, MessageRole.USER,
                "a message of about the length of a short chat turn in a document assistant", 16, null, List.of(),
                List.of(), 0, now());
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    @FunctionalInterface
    private interface ThreadWork {
        void run(int thread) throws Exception;
    }
}
