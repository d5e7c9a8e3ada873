package dev.ragstore.core.memory;

import dev.ragstore.core.ephemeral.Cache;
import dev.ragstore.core.ephemeral.JobProgress;
import dev.ragstore.core.ephemeral.JobState;
import dev.ragstore.core.ephemeral.JobStatus;
import dev.ragstore.core.ephemeral.SessionToken;
import dev.ragstore.core.ephemeral.SessionTokens;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.user.UserId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MemorySessionJobAndCacheTest {

    private final MutableClock clock = MutableClock.atEpochDay();
    private final InMemoryEphemeralStore store = InMemoryEphemeralStore.builder().clock(clock)
            .jobRetention(Duration.ofHours(1)).cacheCapacity(3).build();
    private final UserId user = new UserId(UUID.randomUUID());

    @Test
    void issuesRandom32ByteTokensThatExpire() {
        SessionTokens tokens = store.sessionTokens();
        SessionToken token = tokens.issue(user, Duration.ofMinutes(10));

        assertThat(Base64.getUrlDecoder().decode(token.token())).hasSize(32);
        assertThat(tokens.issue(user, Duration.ofMinutes(10)).token()).isNotEqualTo(token.token());
        assertThat(tokens.resolve(token.token())).contains(token);
        clock.advance(Duration.ofMinutes(10));
        assertThat(tokens.resolve(token.token())).isEmpty();
        assertThat(tokens.extend(token.token(), Duration.ofMinutes(10))).isEmpty();
        assertThat(tokens.revoke(token.token())).isFalse();
    }

    @Test
    void extendsRevokesAndRevokesAllLiveTokens() {
        SessionTokens tokens = store.sessionTokens();
        SessionToken a = tokens.issue(user, Duration.ofMinutes(10));
        SessionToken b = tokens.issue(user, Duration.ofSeconds(1));
        SessionToken other = tokens.issue(new UserId(UUID.randomUUID()), Duration.ofMinutes(10));

        clock.advance(Duration.ofMinutes(5));
        assertThat(tokens.extend(a.token(), Duration.ofHours(1)).orElseThrow().expiresAt())
                .isEqualTo(clock.instant().plus(Duration.ofHours(1)));
        assertThat(tokens.revokeAll(user)).as("b has expired").isEqualTo(1);
        assertThat(tokens.resolve(a.token())).isEmpty();
        assertThat(tokens.resolve(b.token())).isEmpty();
        assertThat(tokens.revoke(other.token())).isTrue();
        assertThat(tokens.revoke(other.token())).isFalse();
    }

    @Test
    void rejectsSessionTtlsOutsideOneSecondTo365Days() {
        assertThatThrownBy(() -> store.sessionTokens().issue(user, Duration.ofMillis(999)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("session ttl")
                .hasMessageContaining("between 1 second and 365 days");
        assertThatThrownBy(() -> store.sessionTokens().issue(user, Duration.ofDays(366)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("session ttl");
    }

    @Test
    void tracksAJobUntilItFinishesThenKeepsItForTheRetention() {
        JobProgress jobs = store.jobs();
        JobState started = jobs.start("ingest-1", 10, "chunking");
        assertThat(started.status()).isEqualTo(JobStatus.RUNNING);
        clock.advance(Duration.ofSeconds(1));
        assertThat(jobs.update("ingest-1", 4, "embedding").orElseThrow().processed()).isEqualTo(4);

        JobState done = jobs.complete("ingest-1", "done").orElseThrow();
        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(done.processed()).isEqualTo(10);
        assertThat(done.finishedAt()).isEqualTo(clock.instant());
        assertThat(done.startedAt()).isEqualTo(started.startedAt());
        assertThat(jobs.update("ingest-1", 5, "late")).isEmpty();
        assertThat(jobs.fail("ingest-1", "late")).isEmpty();

        clock.advance(Duration.ofHours(1).minusMillis(1));
        assertThat(jobs.get("ingest-1")).contains(done);
        clock.advance(Duration.ofMillis(1));
        assertThat(jobs.get("ingest-1")).isEmpty();
        assertThat(jobs.update("unknown", 1, "x")).isEmpty();
    }

    @Test
    void keepsTheMessageOfAFailedJobAndCompletesUnknownTotals() {
        JobProgress jobs = store.jobs();
        jobs.start("a", 10, "");
        jobs.update("a", 3, "");
        JobState failed = jobs.fail("a", "extractor crashed").orElseThrow();
        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.processed()).isEqualTo(3);
        assertThat(failed.message()).isEqualTo("extractor crashed");

        jobs.start("b", 0, "");
        jobs.update("b", 7, "");
        JobState done = jobs.complete("b", "").orElseThrow();
        assertThat(done.processed()).isEqualTo(7);
        assertThat(done.total()).isEqualTo(7);

        assertThat(jobs.start("a", 5, "again").status()).as("restart").isEqualTo(JobStatus.RUNNING);
    }

    @Test
    void expiresCacheEntriesAndEvictsTheOldestWhenFull() {
        Cache cache = store.cache();
        cache.put("a", "1", Duration.ofSeconds(10));
        cache.put("b", "2", Duration.ofMinutes(10));
        cache.put("c", "3", Duration.ofMinutes(10));
        cache.put("a", "1'", Duration.ofMinutes(10));
        cache.put("d", "4", Duration.ofMinutes(10));

        assertThat(cache.get("b")).as("written longest ago").isEmpty();
        assertThat(cache.get("a")).contains("1'");
        clock.advance(Duration.ofMinutes(10));
        assertThat(cache.get("c")).isEmpty();
        cache.put("e", "5", Duration.ofSeconds(1));
        cache.invalidate("e");
        assertThat(cache.get("e")).isEmpty();
        assertThatThrownBy(() -> cache.put("f", "6", Duration.ZERO))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("cache ttl");
    }

    @Test
    void rejectsBadBuilderSettings() {
        assertThatThrownBy(() -> InMemoryEphemeralStore.builder().cacheCapacity(0))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("cache capacity");
        assertThatThrownBy(() -> InMemoryEphemeralStore.builder().jobRetention(Duration.ofDays(31)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("job retention");
        assertThat(InMemoryEphemeralStore.create(clock).name()).isEqualTo("memory");
    }
}
