package dev.ragstore.postgres;

import dev.ragstore.core.chat.ChatSession;
import dev.ragstore.core.chat.Message;
import dev.ragstore.core.usage.UsageDay;
import dev.ragstore.core.usage.UsageDelta;
import dev.ragstore.core.user.UserId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 64 threads at once on one user and one session of the real server: appends, usage records and
 * quota consumption interleave, and every counter ends exactly at the truth with no quota
 * overshoot and no deadlock.
 */
class PgConcurrencyIT {

    @RegisterExtension
    static final PgSchemaExtension PG = new PgSchemaExtension("concurrency");

    private static final int THREADS = 64;
    private static final int APPENDS_PER_THREAD = 10;
    private static final int MESSAGE_TOKENS = 3;
    private static final int RECORDS_PER_THREAD = 5;
    private static final int RECORD_TOKENS = 2;
    private static final int CONSUMES_PER_THREAD = 20;
    private static final int CONSUME_TOKENS = 7;
    private static final long DAILY_LIMIT = 1_000;
    private static final LocalDate QUOTA_DAY = PgFixtures.DAY.plusDays(1);

    private PostgresStore store;
    private PgFixtures fixtures;

    @BeforeEach
    void openStore() {
        store = PG.store(b -> b.maximumPoolSize(16));
        fixtures = new PgFixtures(store);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void appendsRecordsAndQuotaFromSixtyFourThreadsGiveExactTotals() throws Exception {
        // no plan: appends are checked against the owner's plan (QuotaContract races that); here
        // the quota raced is tryConsumeTokens' explicit limit on its own day
        UserId user = fixtures.user();
        ChatSession session = fixtures.session(user);
        Message root = store.chats().append(user, fixtures.message(session.id(), user, null, 0), PgFixtures.DAY);
        AtomicInteger consumed = new AtomicInteger();

        race(thread -> () -> {
            for (int i = 0; i < Math.max(APPENDS_PER_THREAD, Math.max(RECORDS_PER_THREAD, CONSUMES_PER_THREAD)); i++) {
                if (i < APPENDS_PER_THREAD) {
                    store.chats().append(user, fixtures.message(session.id(), user, root.id(), MESSAGE_TOKENS), PgFixtures.DAY);
                }
                if (i < RECORDS_PER_THREAD) {
                    store.usage().record(user, PgFixtures.DAY, new UsageDelta(RECORD_TOKENS, 0, 1, 0));
                }
                if (i < CONSUMES_PER_THREAD && store.usage().tryConsumeTokens(user, QUOTA_DAY, CONSUME_TOKENS, DAILY_LIMIT)) {
                    consumed.incrementAndGet();
                }
            }
            return null;
        });

        long appends = (long) THREADS * APPENDS_PER_THREAD;
        ChatSession after = store.chats().findSession(user, session.id()).orElseThrow();
        assertThat(after.totalMessages()).isEqualTo(appends + 1);
        assertThat(after.totalTokens()).isEqualTo(appends * MESSAGE_TOKENS);
        assertThat(store.chats().children(user, root.id())).hasSize((int) appends);

        UsageDay day = store.usage().find(user, PgFixtures.DAY);
        long recordedTokens = (long) THREADS * RECORDS_PER_THREAD * RECORD_TOKENS;
        assertThat(day.messages()).isEqualTo(appends + 1);
        assertThat(day.documents()).isEqualTo((long) THREADS * RECORDS_PER_THREAD);
        assertThat(day.sessions()).isEqualTo(1);
        assertThat(day.tokens()).isEqualTo(appends * MESSAGE_TOKENS + recordedTokens);

        long allowed = DAILY_LIMIT / CONSUME_TOKENS;
        UsageDay quotaDay = store.usage().find(user, QUOTA_DAY);
        assertThat(consumed.get()).as("successful consumptions").isEqualTo(allowed);
        assertThat(quotaDay.tokens()).isEqualTo(allowed * CONSUME_TOKENS).isLessThanOrEqualTo(DAILY_LIMIT);

        assertThat(store.users().findById(user).orElseThrow().lifetimeTokens())
                .isEqualTo(appends * MESSAGE_TOKENS + recordedTokens + allowed * CONSUME_TOKENS);
    }

    @Test
    void aFirstConsumptionLargerThanTheLimitIsRefusedAndLeavesNoUsage() {
        UserId user = fixtures.user();

        assertThat(store.usage().tryConsumeTokens(user, QUOTA_DAY, DAILY_LIMIT + 1, DAILY_LIMIT)).isFalse();
        assertThat(store.usage().tryConsumeTokens(user, QUOTA_DAY, Long.MAX_VALUE, DAILY_LIMIT)).isFalse();
        assertThat(store.usage().range(user, QUOTA_DAY, QUOTA_DAY)).isEmpty();
        assertThat(store.usage().tryConsumeTokens(user, QUOTA_DAY, DAILY_LIMIT, DAILY_LIMIT)).isTrue();
        assertThat(store.usage().tryConsumeTokens(user, QUOTA_DAY, 1, DAILY_LIMIT)).isFalse();
        assertThat(store.usage().tryConsumeTokens(user, QUOTA_DAY, 0, DAILY_LIMIT)).isTrue();
        assertThat(store.usage().find(user, QUOTA_DAY).tokens()).isEqualTo(DAILY_LIMIT);
    }

    private static void race(java.util.function.IntFunction<Callable<Void>> task) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(THREADS);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                Callable<Void> callable = task.apply(i);
                futures.add(executor.submit(() -> {
                    go.await();
                    return callable.call();
                }));
            }
            go.countDown();
            for (Future<Void> future : futures) {
                future.get(5, TimeUnit.MINUTES);
            }
        } finally {
            executor.shutdownNow();
        }
    }
}
