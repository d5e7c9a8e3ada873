package dev.ragstore.redis.internal;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Read-through cache entries that a concurrent write can never leave stale.
 *
 * <p>An entry is a hash {@code {v: version, g: generation, d: data, n: count, c: complete}}.
 * A read that misses returns a {@link Ticket} with the version and generation it saw; the caller
 * loads from the store of record and fills with that ticket, and the fill is dropped if a write
 * bumped the version ({@link #invalidate}) or the owner's generation ({@link #bumpGenerations})
 * in between. Writers bump <em>after</em> their write committed, so a fill either sees the new
 * version (and is dropped) or precedes the bump (and is invalidated by it). Every script touches
 * keys of one hash slot. A generation key outlives every entry filled under it, so a generation
 * never falls back to an older value while such entries live.
 *
 * <p>Nothing here throws for Redis failures: reads miss and fills are skipped while Redis is
 * down, and invalidations go through the {@link OutageMonitor}, which replays them on recovery.
 * Thread-safe.
 */
public final class VersionedCache {

    private static final LuaScript READ = LuaScript.of("""
            local g = '0'
            if #KEYS > 1 then g = redis.call('GET', KEYS[2]) or '0' end
            local h = redis.call('HMGET', KEYS[1], 'v', 'g', 'd', 'n', 'c')
            if h[3] and h[2] == g then return {1, h[3], h[4] or '0', h[5] or '0'} end
            return {0, h[1] or '0', g}
            """, ScriptOutputType.MULTI);

    /** Like READ for a history entry, returning only its last ARGV[1] lines of data. */
    private static final LuaScript READ_TAIL = LuaScript.of("""
            local g = redis.call('GET', KEYS[2]) or '0'
            local h = redis.call('HMGET', KEYS[1], 'v', 'g', 'd', 'n', 'c')
            if h[3] and h[2] == g then
              local d = h[3]
              local n = tonumber(h[4] or '0')
              local want = tonumber(ARGV[1])
              if want < n then
                local at = 0
                for _ = 1, n - want do at = string.find(d, '\\n', at + 1, true) end
                d = string.sub(d, at + 1)
              end
              return {1, d, h[4] or '0', h[5] or '0'}
            end
            return {0, h[1] or '0', g}
            """, ScriptOutputType.MULTI);

    private static final LuaScript FILL = LuaScript.of("""
            local g = '0'
            if #KEYS > 1 then g = redis.call('GET', KEYS[2]) or '0' end
            if g ~= ARGV[2] then return 0 end
            local v = redis.call('HGET', KEYS[1], 'v') or '0'
            if v ~= ARGV[1] then return 0 end
            redis.call('HSET', KEYS[1], 'v', v, 'g', g, 'd', ARGV[3], 'n', ARGV[5], 'c', ARGV[6])
            redis.call('PEXPIRE', KEYS[1], ARGV[4])
            if #KEYS > 1 then
              local left = redis.call('PTTL', KEYS[2])
              if left >= 0 and left < tonumber(ARGV[4]) then redis.call('PEXPIRE', KEYS[2], 2 * tonumber(ARGV[4])) end
            end
            return 1
            """, ScriptOutputType.INTEGER);

    private static final LuaScript INVALIDATE = LuaScript.of("""
            for _, key in ipairs(KEYS) do
              redis.call('HINCRBY', key, 'v', 1)
              redis.call('HDEL', key, 'd', 'n', 'c')
              redis.call('PEXPIRE', key, ARGV[1])
            end
            return #KEYS
            """, ScriptOutputType.INTEGER);

    private static final LuaScript BUMP = LuaScript.of("""
            for _, key in ipairs(KEYS) do
              redis.call('INCR', key)
              redis.call('PEXPIRE', key, 2 * tonumber(ARGV[1]))
            end
            return #KEYS
            """, ScriptOutputType.INTEGER);

    /**
     * After an append: invalidates KEYS[1..2] (account, latest message) and, when KEYS[4] (the
     * parent's history) is valid under generation KEYS[3], writes KEYS[5] (the new message's
     * history) as the parent's plus ARGV[2], trimmed to ARGV[3] messages.
     */
    private static final LuaScript APPEND = LuaScript.of("""
            local ttl = ARGV[1]
            for i = 1, 2 do
              redis.call('HINCRBY', KEYS[i], 'v', 1)
              redis.call('HDEL', KEYS[i], 'd', 'n', 'c')
              redis.call('PEXPIRE', KEYS[i], ttl)
            end
            if #KEYS < 5 then return 0 end
            local g = redis.call('GET', KEYS[3]) or '0'
            local h = redis.call('HMGET', KEYS[4], 'g', 'd', 'n', 'c')
            if not h[2] or h[1] ~= g then return 0 end
            local d = h[2] .. '\\n' .. ARGV[2]
            local n = tonumber(h[3]) + 1
            local c = h[4]
            if n > tonumber(ARGV[3]) then
              local cut = string.find(d, '\\n', 1, true)
              d = string.sub(d, cut + 1)
              n = n - 1
              c = '0'
            end
            redis.call('HSET', KEYS[5], 'g', g, 'd', d, 'n', n, 'c', c)
            redis.call('PEXPIRE', KEYS[5], ttl)
            return 1
            """, ScriptOutputType.INTEGER);

    private final RedisClusterCommands<String, String> commands;
    private final OutageMonitor monitor;
    private final long ttlMillis;

    public VersionedCache(RedisClusterCommands<String, String> commands, OutageMonitor monitor, Duration ttl) {
        this.commands = commands;
        this.monitor = monitor;
        this.ttlMillis = ttl.toMillis();
    }

    /** Permission to fill one entry, valid only if nothing was invalidated since the read. */
    public record Ticket(String key, String generationKey, String version, String generation) {
    }

    /**
     * What a read found: {@code data} on a hit (with {@code count} and {@code complete} for
     * histories), else a {@code ticket} for filling, or neither when Redis is not usable.
     */
    public record Lookup(String data, long count, boolean complete, Ticket ticket) {

        public boolean hit() {
            return data != null;
        }
    }

    private static final Lookup UNUSABLE = new Lookup(null, 0, false, null);

    /**
     * Reads an entry.
     *
     * @param generationKey the owner generation the entry depends on, or {@code null} for none
     */
    public Lookup read(String key, String generationKey) {
        if (!monitor.isUp()) {
            return UNUSABLE;
        }
        try {
            String[] keys = generationKey == null ? new String[] {key} : new String[] {key, generationKey};
            return lookup(key, generationKey, READ.run(commands, keys));
        } catch (RuntimeException failure) {
            failedOrRethrow("cache read", failure);
            return UNUSABLE;
        }
    }

    /**
     * Reads a history entry (newline-separated messages) under {@code generationKey}; a hit
     * carries only the last {@code lines} messages as data, and the entry's full count.
     */
    public Lookup readTail(String key, String generationKey, int lines) {
        if (!monitor.isUp()) {
            return UNUSABLE;
        }
        try {
            return lookup(key, generationKey, READ_TAIL.run(commands, new String[] {key, generationKey}, Integer.toString(lines)));
        } catch (RuntimeException failure) {
            failedOrRethrow("cache read", failure);
            return UNUSABLE;
        }
    }

    private static Lookup lookup(String key, String generationKey, List<Object> reply) {
        if (((Long) reply.get(0)) == 1L) {
            return new Lookup((String) reply.get(1), Long.parseLong((String) reply.get(2)), "1".equals(reply.get(3)), null);
        }
        return new Lookup(null, 0, false, new Ticket(key, generationKey, (String) reply.get(1), (String) reply.get(2)));
    }

    /** Fills the entry of {@code ticket} unless it was invalidated since; a {@code null} ticket does nothing. */
    public void fill(Ticket ticket, String data) {
        fill(ticket, data, 0, false);
    }

    /** Like {@link #fill(Ticket, String)} with a history's message count and completeness. */
    public void fill(Ticket ticket, String data, long count, boolean complete) {
        if (ticket == null || !monitor.isUp()) {
            return;
        }
        try {
            String[] keys = ticket.generationKey() == null ? new String[] {ticket.key()}
                    : new String[] {ticket.key(), ticket.generationKey()};
            FILL.run(commands, keys, ticket.version(), ticket.generation(), data, Long.toString(ttlMillis),
                    Long.toString(count), complete ? "1" : "0");
        } catch (RuntimeException failure) {
            failedOrRethrow("cache fill", failure);
        }
    }

    /** Invalidates entries of one hash slot; kept for replay if Redis is down. */
    public void invalidate(String... keys) {
        monitor.invalidate(Invalidation.entries(keys));
    }

    /** Bumps generations of one hash slot; kept for replay if Redis is down. */
    public void bumpGenerations(String... generationKeys) {
        monitor.invalidate(Invalidation.generations(generationKeys));
    }

    /** Deletes a plain key (a name mapping); kept for replay if Redis is down. */
    public void delete(String key) {
        monitor.invalidate(Invalidation.delete(key));
    }

    /**
     * After a message was appended: invalidates the owner's account and the session's latest
     * message, and extends the parent's cached history by the message when that history is
     * cached and current. If Redis is down the two invalidations are kept for replay; the history
     * write is skipped.
     *
     * @param parentHistory {@code null} for a root message (its history is filled on first read)
     */
    public void appended(String account, String latest, String historyGeneration, String parentHistory,
            String childHistory, String messageJson, int maxMessages) {
        String[] keys = parentHistory == null ? new String[] {account, latest}
                : new String[] {account, latest, historyGeneration, parentHistory, childHistory};
        monitor.invalidate(Invalidation.entries(account, latest),
                () -> APPEND.run(commands, keys, Long.toString(ttlMillis), messageJson, Integer.toString(maxMessages)));
    }

    /** A plain string value (name mappings), or empty on a miss or while Redis is down. */
    public Optional<String> get(String key) {
        if (!monitor.isUp()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(commands.get(key));
        } catch (RuntimeException failure) {
            failedOrRethrow("cache read", failure);
            return Optional.empty();
        }
    }

    /** Stores a plain string value with the cache TTL; skipped while Redis is down. */
    public void put(String key, String value) {
        if (!monitor.isUp()) {
            return;
        }
        try {
            commands.set(key, value, SetArgs.Builder.px(ttlMillis));
        } catch (RuntimeException failure) {
            failedOrRethrow("cache write", failure);
        }
    }

    /** Applies one invalidation now; Lettuce exceptions propagate (used by recovery). */
    public void apply(Invalidation invalidation) {
        String[] keys = invalidation.keys().toArray(String[]::new);
        switch (invalidation.kind()) {
            case ENTRIES -> INVALIDATE.run(commands, keys, Long.toString(ttlMillis));
            case GENERATIONS -> BUMP.run(commands, keys, Long.toString(ttlMillis));
            case DELETE -> commands.del(keys);
            default -> throw new IllegalStateException("unknown invalidation kind " + invalidation.kind());
        }
    }

    private void failedOrRethrow(String operation, RuntimeException failure) {
        if (!RedisErrors.isRedisFailure(failure)) {
            throw failure;
        }
        monitor.failed(operation, failure);
    }
}
