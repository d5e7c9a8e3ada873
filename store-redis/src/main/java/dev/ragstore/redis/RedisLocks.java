package dev.ragstore.redis;

import dev.ragstore.core.ephemeral.LockGrant;
import dev.ragstore.core.ephemeral.Locks;
import dev.ragstore.redis.internal.Inputs;
import dev.ragstore.redis.internal.LuaScript;
import io.lettuce.core.ScriptOutputType;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Locks as {@code lock:{resource}} strings holding the owner token with a TTL, and a fence
 * counter {@code lock:{resource}:fence} (same hash slot) incremented by the same script that
 * grants, so fences grow with every grant. The fence counter never expires: resetting it would
 * break monotonicity. Release and renew compare the owner token in Lua, so only the holder of a
 * live grant can end or extend it. Expiry times come from the Redis server clock.
 */
final class RedisLocks implements Locks {

    private static final Duration MIN_TTL = Duration.ofMillis(1);
    private static final Duration MAX_TTL = Duration.ofDays(1);
    private static final Duration MAX_WAIT = Duration.ofDays(1);
    private static final String TTL_RULE = "must be between 1 ms and 1 day";
    private static final long FIRST_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    private static final long MAX_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private static final LuaScript ACQUIRE = LuaScript.of("""
            if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return {} end
            local fence = redis.call('INCR', KEYS[2])
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            return {fence, now + tonumber(ARGV[2])}
            """, ScriptOutputType.MULTI);

    private static final LuaScript RELEASE = LuaScript.of("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0
            """, ScriptOutputType.INTEGER);

    private static final LuaScript RENEW = LuaScript.of("""
            if redis.call('GET', KEYS[1]) ~= ARGV[1] then return -1 end
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            local t = redis.call('TIME')
            return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) + tonumber(ARGV[2])
            """, ScriptOutputType.INTEGER);

    private final RedisParts redis;
    private final SecureRandom random = new SecureRandom();

    RedisLocks(RedisParts redis) {
        this.redis = redis;
    }

    @Override
    public Optional<LockGrant> tryAcquire(String resource, Duration ttl) {
        Inputs.name("lock resource", resource);
        Inputs.duration("lock ttl", ttl, MIN_TTL, MAX_TTL, TTL_RULE);
        return attempt(resource, ttl);
    }

    @Override
    public Optional<LockGrant> tryAcquire(String resource, Duration ttl, Duration wait) {
        Inputs.name("lock resource", resource);
        Inputs.duration("lock ttl", ttl, MIN_TTL, MAX_TTL, TTL_RULE);
        Inputs.duration("lock wait", wait, Duration.ZERO, MAX_WAIT, "must be between 0 and 1 day");
        long deadline = System.nanoTime() + wait.toNanos();
        long backoff = FIRST_BACKOFF_NANOS;
        while (true) {
            Optional<LockGrant> grant = attempt(resource, ttl);
            long left = deadline - System.nanoTime();
            if (grant.isPresent() || left <= 0) {
                return grant;
            }
            // Full jitter keeps many waiters from retrying in lock step.
            long sleep = Math.min(left, ThreadLocalRandom.current().nextLong(backoff / 2, backoff + 1));
            try {
                TimeUnit.NANOSECONDS.sleep(sleep);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
            backoff = Math.min(MAX_BACKOFF_NANOS, backoff * 2);
        }
    }

    @Override
    public boolean release(LockGrant grant) {
        Objects.requireNonNull(grant, "grant");
        Long released = redis.call("lock release", () -> RELEASE.run(redis.commands(),
                new String[] {redis.keys().lock(grant.resource())}, grant.ownerToken()));
        return released == 1L;
    }

    @Override
    public Optional<LockGrant> renew(LockGrant grant, Duration ttl) {
        Objects.requireNonNull(grant, "grant");
        Inputs.duration("lock ttl", ttl, MIN_TTL, MAX_TTL, TTL_RULE);
        Long expires = redis.call("lock renew", () -> RENEW.run(redis.commands(),
                new String[] {redis.keys().lock(grant.resource())}, grant.ownerToken(), Long.toString(ttl.toMillis())));
        if (expires < 0) {
            return Optional.empty();
        }
        return Optional.of(new LockGrant(grant.resource(), grant.ownerToken(), grant.fence(), Instant.ofEpochMilli(expires)));
    }

    private Optional<LockGrant> attempt(String resource, Duration ttl) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String owner = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        List<Object> reply = redis.call("lock acquire", () -> ACQUIRE.run(redis.commands(),
                new String[] {redis.keys().lock(resource), redis.keys().fence(resource)}, owner, Long.toString(ttl.toMillis())));
        if (reply == null || reply.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new LockGrant(resource, owner, (Long) reply.get(0), Instant.ofEpochMilli((Long) reply.get(1))));
    }
}
