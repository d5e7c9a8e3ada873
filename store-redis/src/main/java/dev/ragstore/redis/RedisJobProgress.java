package dev.ragstore.redis;

import dev.ragstore.core.ephemeral.JobProgress;
import dev.ragstore.core.ephemeral.JobState;
import dev.ragstore.core.ephemeral.JobStatus;
import dev.ragstore.core.internal.Checks;
import dev.ragstore.redis.internal.Inputs;
import dev.ragstore.redis.internal.LuaScript;
import io.lettuce.core.ScriptOutputType;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Job progress in the hash {@code task:<id>} (seed layout: status, processed, total, message,
 * created_at, updated_at, finished_at; times in epoch ms from the Redis server clock). A running
 * job does not expire; a completed or failed one expires after the configured retention. Every
 * transition is one Lua script, so a finished job can never be moved back by a late update.
 * Completing sets {@code processed = total}, or {@code total = processed} when the total was
 * unknown (0), as the in-memory adapter does. Only {@link #start} checks the id's form; the other
 * methods read an id of any other form as unknown.
 */
final class RedisJobProgress implements JobProgress {

    private static final LuaScript START = LuaScript.of("""
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            redis.call('DEL', KEYS[1])
            redis.call('HSET', KEYS[1], 'status', 'RUNNING', 'processed', '0', 'total', ARGV[1], 'message', ARGV[2],
              'created_at', now, 'updated_at', now)
            return now
            """, ScriptOutputType.INTEGER);

    private static final LuaScript UPDATE = LuaScript.of("""
            local h = redis.call('HMGET', KEYS[1], 'status', 'total', 'created_at')
            if h[1] ~= 'RUNNING' then return {} end
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            redis.call('HSET', KEYS[1], 'processed', ARGV[1], 'message', ARGV[2], 'updated_at', now)
            return {tonumber(h[2]), tonumber(h[3]), now}
            """, ScriptOutputType.MULTI);

    /** ARGV: final status, message, retention ms, '1' to complete (processed = total, or total = processed when it was 0). */
    private static final LuaScript FINISH = LuaScript.of("""
            local h = redis.call('HMGET', KEYS[1], 'status', 'processed', 'total', 'created_at')
            if h[1] ~= 'RUNNING' then return {} end
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local processed = tonumber(h[2])
            local total = tonumber(h[3])
            if ARGV[4] == '1' then
              if total == 0 then total = processed else processed = total end
            end
            redis.call('HSET', KEYS[1], 'status', ARGV[1], 'processed', processed, 'total', total, 'message', ARGV[2],
              'updated_at', now, 'finished_at', now)
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            return {processed, total, tonumber(h[4]), now}
            """, ScriptOutputType.MULTI);

    private final RedisParts redis;
    private final Duration retention;

    RedisJobProgress(RedisParts redis, Duration retention) {
        this.redis = redis;
        this.retention = retention;
    }

    @Override
    public JobState start(String jobId, long total, String message) {
        Inputs.name("job id", jobId);
        Checks.nonNegative("job total", total);
        Inputs.text("job message", message);
        Long now = redis.call("job start", () -> START.run(redis.commands(), new String[] {redis.keys().job(jobId)},
                Long.toString(total), message));
        Instant at = Instant.ofEpochMilli(now);
        return new JobState(jobId, JobStatus.RUNNING, 0, total, message, at, at, null);
    }

    @Override
    public Optional<JobState> update(String jobId, long processed, String message) {
        Objects.requireNonNull(jobId, "jobId");
        Checks.nonNegative("job processed", processed);
        Inputs.text("job message", message);
        List<Object> reply = redis.call("job update", () -> UPDATE.run(redis.commands(), new String[] {redis.keys().job(jobId)},
                Long.toString(processed), message));
        if (reply == null || reply.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new JobState(jobId, JobStatus.RUNNING, processed, (Long) reply.get(0), message,
                Instant.ofEpochMilli((Long) reply.get(1)), Instant.ofEpochMilli((Long) reply.get(2)), null));
    }

    @Override
    public Optional<JobState> complete(String jobId, String message) {
        return finish(jobId, JobStatus.COMPLETED, message);
    }

    @Override
    public Optional<JobState> fail(String jobId, String message) {
        return finish(jobId, JobStatus.FAILED, message);
    }

    @Override
    public Optional<JobState> get(String jobId) {
        Objects.requireNonNull(jobId, "jobId");
        Map<String, String> h = redis.call("job read", () -> redis.commands().hgetall(redis.keys().job(jobId)));
        if (h == null || h.isEmpty() || h.get("status") == null) {
            return Optional.empty();
        }
        String finished = h.get("finished_at");
        return Optional.of(new JobState(jobId, JobStatus.valueOf(h.get("status")), Long.parseLong(h.get("processed")),
                Long.parseLong(h.get("total")), h.getOrDefault("message", ""), millis(h.get("created_at")),
                millis(h.get("updated_at")), finished == null ? null : millis(finished)));
    }

    private Optional<JobState> finish(String jobId, JobStatus status, String message) {
        Objects.requireNonNull(jobId, "jobId");
        Inputs.text("job message", message);
        List<Object> reply = redis.call("job " + status.name().toLowerCase(java.util.Locale.ROOT), () -> FINISH.run(
                redis.commands(), new String[] {redis.keys().job(jobId)}, status.name(), message,
                Long.toString(retention.toMillis()), status == JobStatus.COMPLETED ? "1" : "0"));
        if (reply == null || reply.isEmpty()) {
            return Optional.empty();
        }
        Instant now = Instant.ofEpochMilli((Long) reply.get(3));
        return Optional.of(new JobState(jobId, status, (Long) reply.get(0), (Long) reply.get(1), message,
                Instant.ofEpochMilli((Long) reply.get(2)), now, now));
    }

    private static Instant millis(String text) {
        return Instant.ofEpochMilli(Long.parseLong(text));
    }
}
