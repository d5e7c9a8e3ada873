package dev.ragstore.redis;

import dev.ragstore.core.ephemeral.EphemeralStore;
import dev.ragstore.core.ephemeral.JobProgress;
import dev.ragstore.core.ephemeral.JobState;
import dev.ragstore.testkit.JobProgressContract;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The job-progress contract on Redis (1 s retention), plus the seed hash layout and expiry. */
class RedisJobProgressIT extends JobProgressContract {

    private String prefix;
    private RedisStore store;

    // Synchronized and idempotent: the kit's lazy ephemeral() may be reached first from racing threads.
    @Override
    protected synchronized EphemeralStore newEphemeralStore() {
        if (store == null) {
            ContractStores.Opened opened = ContractStores.open(getClass(), this::onClose,
                builder -> builder.jobRetention(Duration.ofSeconds(1)));
            prefix = opened.prefix();
            store = opened.store();
        }
        return store;
    }

    private JobProgress jobs() {
        return ephemeral().jobs();
    }

    private Map<String, String> hash(String key) {
        AtomicReference<Map<String, String>> hash = new AtomicReference<>();
        TestRedis.raw(ContractStores.fixture().uri(), redis -> hash.set(redis.hgetall(key)));
        return hash.get();
    }

    private long pttl(String key) {
        AtomicLong ttl = new AtomicLong();
        TestRedis.raw(ContractStores.fixture().uri(), redis -> ttl.set(redis.pttl(key)));
        return ttl.get();
    }

    @Test
    void runningJobIsASeedHashWithoutExpiry() {
        String id = "user123_upload_" + UUID.randomUUID();
        jobs().start(id, 5, "queued");
        jobs().update(id, 2, "Processing document 2 of 5");

        assertThat(hash(prefix + "task:" + id)).containsEntry("status", "RUNNING").containsEntry("processed", "2")
                .containsEntry("total", "5").containsEntry("message", "Processing document 2 of 5")
                .containsKeys("created_at", "updated_at").doesNotContainKey("finished_at");
        assertThat(pttl(prefix + "task:" + id)).isEqualTo(-1L);
    }

    @Test
    void finishedJobExpiresAfterTheConfiguredRetention() {
        String id = "job-" + UUID.randomUUID();
        jobs().start(id, 1, "start");
        JobState done = jobs().complete(id, "done").orElseThrow();
        assertThat(pttl(prefix + "task:" + id)).isBetween(1L, 1_000L);
        assertThat(done.finishedAt()).isNotNull();

        awaitTrue("finished job expired after 1 s", () -> jobs().get(id).isEmpty());
    }

    @Test
    void completingAJobOfUnknownTotalTakesTheProcessedCountAsTotal() {
        String id = "job-" + UUID.randomUUID();
        jobs().start(id, 0, "counting as we go");
        jobs().update(id, 42, "42 so far");

        JobState done = jobs().complete(id, "done").orElseThrow();

        assertThat(done.processed()).isEqualTo(42);
        assertThat(done.total()).isEqualTo(42);
        assertThat(jobs().get(id)).contains(done);
    }

    @Test
    void restartingAFinishedJobRemovesItsExpiry() {
        String id = "job-" + UUID.randomUUID();
        jobs().start(id, 3, "first run");
        jobs().complete(id, "done");

        jobs().start(id, 7, "second run");

        assertThat(pttl(prefix + "task:" + id)).isEqualTo(-1L);
    }
}
