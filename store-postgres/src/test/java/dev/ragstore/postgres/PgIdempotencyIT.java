package dev.ragstore.postgres;

import dev.ragstore.core.chat.ChatSession;
import dev.ragstore.core.chat.Message;
import dev.ragstore.core.usage.UsageDelta;
import dev.ragstore.core.user.UserId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Idempotency keys on the real server (issue 18, finding 8): the unique index
 * {@code messages_idempotency_key} and the primary key of {@code usage_idempotency_keys} hold under
 * racing transactions, also below the facade (the repositories alone, with no earlier lookup), and
 * raw SQL that bypasses RagStore cannot store a key twice or one that breaks the rule.
 */
class PgIdempotencyIT {

    @RegisterExtension
    static final PgSchemaExtension PG = new PgSchemaExtension("idempotency");

    private static final int THREADS = 8;

    private PostgresStore store;
    private PgFixtures fixtures;

    @BeforeEach
    void openStore() {
        store = PG.store(b -> b.maximumPoolSize(THREADS + 2));
        fixtures = new PgFixtures(store);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void racingRepositoryAppendsWithOneKeyStoreOneMessageAndCountItOnce() throws Exception {
        UserId user = fixtures.user();
        ChatSession session = fixtures.session(user);
        String key = "race-" + UUID.randomUUID();

        // every thread mints its own message id, as the facade does on each attempt
        List<Message> results = race(thread -> () ->
                store.chats().append(user, fixtures.message(session.id(), user, null, 4), PgFixtures.DAY, key));

        assertThat(results).allSatisfy(m -> assertThat(m).isEqualTo(results.get(0)));
        assertThat(store.chats().findByIdempotencyKey(user, session.id(), key)).contains(results.get(0));
        ChatSession after = store.chats().findSession(user, session.id()).orElseThrow();
        assertThat(after.totalMessages()).isEqualTo(1);
        assertThat(after.totalTokens()).isEqualTo(4);
        assertThat(store.usage().find(user, PgFixtures.DAY).messages()).isEqualTo(1);
        assertThat(count("messages WHERE session_id = '" + session.id().value() + "'")).isEqualTo(1);
    }

    @Test
    void racingRepositoryUsageRecordsAndConsumptionsWithOneKeyCountOnce() throws Exception {
        UserId user = fixtures.user();

        race(thread -> () -> store.usage().record(user, PgFixtures.DAY, UsageDelta.tokens(5), "record-key"));
        List<Boolean> consumed = race(thread -> () ->
                store.usage().tryConsumeTokens(user, PgFixtures.DAY, 11, 100, "consume-key"));

        assertThat(consumed).containsOnly(true);
        assertThat(store.usage().find(user, PgFixtures.DAY).tokens()).isEqualTo(16);
        assertThat(store.users().findById(user).orElseThrow().lifetimeTokens()).isEqualTo(16);
        assertThat(count("usage_idempotency_keys WHERE owner_id = '" + user.value() + "'")).isEqualTo(2);
    }

    @Test
    void theUniqueIndexRefusesASecondMessageWithTheKeyFromAnotherTransaction() throws Exception {
        UserId user = fixtures.user();
        ChatSession session = fixtures.session(user);
        String insert = "INSERT INTO " + PG.schema() + ".messages (id, owner_id, session_id, role, content, token_count, "
                + "processing_millis, created_at, idempotency_key) VALUES (?, ?, ?, 'USER', 'raw', 0, 0, now(), ?)";

        try (Connection first = admin(); Connection second = admin()) {
            insertMessage(first, insert, user, session, "raw-key");
            // the second transaction waits for the first one's uncommitted index entry
            ExecutorService executor = Executors.newSingleThreadExecutor();
            try {
                Future<Integer> racing = executor.submit(() -> insertMessage(second, insert, user, session, "raw-key"));
                Thread.sleep(300);
                assertThat(racing).isNotDone();
                first.commit();
                assertThatThrownBy(() -> racing.get(30, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(SQLException.class)
                        .satisfies(e -> {
                            SQLException sql = (SQLException) e.getCause();
                            assertThat(sql.getSQLState()).isEqualTo("23505");
                            assertThat(sql.getMessage()).contains("messages_idempotency_key");
                        });
                second.rollback();
            } finally {
                executor.shutdownNow();
            }
        }
        assertThat(count("messages WHERE session_id = '" + session.id().value() + "' AND idempotency_key = 'raw-key'"))
                .isEqualTo(1);
    }

    @Test
    void theSchemaRefusesKeysThatBreakTheRule() throws Exception {
        UserId user = fixtures.user();
        ChatSession session = fixtures.session(user);
        String insert = "INSERT INTO " + PG.schema() + ".messages (id, owner_id, session_id, role, content, token_count, "
                + "processing_millis, created_at, idempotency_key) VALUES (?, ?, ?, 'USER', 'raw', 0, 0, now(), ?)";

        for (String bad : List.of("", "has space", "x".repeat(129))) {
            try (Connection connection = admin()) {
                assertThatThrownBy(() -> insertMessage(connection, insert, user, session, bad))
                        .isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23514"));
                connection.rollback();
            }
        }
    }

    private static int insertMessage(Connection connection, String sql, UserId user, ChatSession session, String key)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, UUID.randomUUID());
            statement.setObject(2, user.value());
            statement.setObject(3, session.id().value());
            statement.setString(4, key);
            return statement.executeUpdate();
        }
    }

    /** A connection in a transaction in the admin scope (row-level security admits every row). */
    private static Connection admin() throws SQLException {
        Connection connection = PG.fixture().openConnection();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT set_config('ragstore.admin', 'on', true)");
        }
        return connection;
    }

    private long count(String fromWhere) {
        return store.inAdminTransaction(h -> h.createQuery("SELECT count(*) FROM " + PG.schema() + "." + fromWhere)
                .mapTo(Long.class).one());
    }

    private static <T> List<T> race(IntFunction<Callable<T>> task) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(THREADS);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                Callable<T> callable = task.apply(i);
                futures.add(executor.submit(() -> {
                    go.await();
                    return callable.call();
                }));
            }
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            executor.shutdownNow();
        }
    }
}
