package dev.ragstore.redis;

import dev.ragstore.core.plan.Plan;
import dev.ragstore.core.plan.PlanId;
import dev.ragstore.postgres.PostgresStore;
import dev.ragstore.testkit.fixture.PostgresFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 18, finding 2: on the Redis-cached PostgreSQL wiring, a write made inside a host's
 * transaction invalidates the cache after that transaction ends, never before: a read made
 * between the write and the commit (which sees the old row) must not leave the old row cached.
 */
class CacheInvalidationTimingIT {

    private static final String PREFIX = TestRedis.uniquePrefix("invalidation");
    private static PostgresFixture fixture;
    private static String schema;
    private static PostgresStore postgres;
    private static RedisStore redis;
    private static RedisCachedRelationalStore cached;

    @BeforeAll
    static void start() {
        fixture = PostgresFixture.resolve();
        schema = fixture.createSchema("invalidation");
        postgres = PostgresStore.builder().jdbcUrl(fixture.jdbcUrl()).username(fixture.user()).password(fixture.password())
                .schema(schema).maximumPoolSize(4).poolName("invalidation").build();
        redis = TestRedis.builder(PREFIX).build();
        cached = RedisCachedRelationalStore.wrap(postgres, redis);
    }

    @AfterAll
    static void stop() {
        if (cached != null) {
            cached.close();
        }
        if (redis != null) {
            redis.close();
        }
        TestRedis.deletePrefix(PREFIX);
        if (fixture != null) {
            fixture.dropSchema(schema);
            fixture.close();
        }
    }

    @Test
    void aReadBetweenAHostsWriteAndItsCommitDoesNotKeepTheOldRowCached() throws Exception {
        Plan plan = cached.plans().insert(plan("timing"));
        assertThat(cached.plans().findById(plan.id())).contains(plan);   // cached

        Plan changed = postgres.inAdminTransaction(handle -> {
            Plan updated = cached.plans().update(withDailyLimit(plan, 2_000));
            // another thread reads while the write is not committed: it sees the old row and may cache it
            Optional<Plan> seen = CompletableFuture.supplyAsync(() -> cached.plans().findById(plan.id()))
                    .orTimeout(30, TimeUnit.SECONDS).join();
            assertThat(seen).map(Plan::dailyTokenLimit).contains(1_000L);
            return updated;
        });

        assertThat(cached.plans().findById(plan.id())).map(Plan::dailyTokenLimit).contains(2_000L);
        assertThat(changed.dailyTokenLimit()).isEqualTo(2_000L);
    }

    @Test
    void aRolledBackWriteLeavesTheCommittedRowInTheCache() {
        Plan plan = cached.plans().insert(plan("rollback"));
        assertThat(cached.plans().findById(plan.id())).contains(plan);   // cached

        try {
            postgres.inAdminTransaction(handle -> {
                cached.plans().update(withDailyLimit(plan, 3_000));
                // the transaction reads its own write, and nothing uncommitted reaches the cache
                assertThat(cached.plans().findById(plan.id())).map(Plan::dailyTokenLimit).contains(3_000L);
                throw new IllegalStateException("the host changes its mind");
            });
        } catch (IllegalStateException expected) {
            // rolled back
        }

        assertThat(cached.plans().findById(plan.id())).map(Plan::dailyTokenLimit).contains(1_000L);
    }

    @Test
    void aMessageAppendedInARolledBackTransactionNeverReachesTheHistoryCache() {
        dev.ragstore.core.user.User user = cached.users().insert(Records.user("timing-" + UUID.randomUUID().toString().substring(0, 8)));
        dev.ragstore.core.chat.ChatSession session = cached.chats().insertSession(Records.session(user.id()), java.time.LocalDate.now(java.time.ZoneOffset.UTC));
        assertThat(cached.chats().latestMessage(user.id(), session.id())).isEmpty();   // cached: no message

        try {
            postgres.inTransaction(user.id(), handle -> {
                cached.chats().append(user.id(), Records.message(session.id(), user.id(), null, "never committed"),
                        java.time.LocalDate.now(java.time.ZoneOffset.UTC));
                assertThat(cached.chats().latestMessage(user.id(), session.id())).isPresent();   // its own write
                throw new IllegalStateException("the host changes its mind");
            });
        } catch (IllegalStateException expected) {
            // rolled back
        }

        assertThat(cached.chats().latestMessage(user.id(), session.id())).isEmpty();
    }

    private static Plan plan(String name) {
        return new Plan(new PlanId(UUID.randomUUID()), name + "-" + UUID.randomUUID().toString().substring(0, 8), 1_000, 10,
                5, BigDecimal.ONE, true, Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    }

    private static Plan withDailyLimit(Plan plan, long limit) {
        return new Plan(plan.id(), plan.name(), limit, plan.documentLimit(), plan.sessionLimit(), plan.monthlyPrice(),
                plan.active(), plan.createdAt());
    }
}
