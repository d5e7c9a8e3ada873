package dev.ragstore.redis;

import dev.ragstore.core.ephemeral.SessionToken;
import dev.ragstore.core.ephemeral.SessionTokens;
import dev.ragstore.core.error.ConflictException;
import dev.ragstore.core.internal.SessionTokenRules;
import dev.ragstore.core.user.UserId;
import dev.ragstore.redis.internal.Inputs;
import dev.ragstore.redis.internal.LuaScript;
import dev.ragstore.redis.internal.TokenHash;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Session tokens as {@code token:<h>} strings ({@code userId|issuedAt|expiresAt}, epoch ms, then
 * {@code |payloadJson} when the token carries a payload) that
 * Redis expires at {@code expiresAt}, plus a per-user sorted set {@code user:{id}:tokens} of the
 * same {@code h} scored by expiry for {@link #revokeAll}. {@code h} is the SHA-256 of the token
 * (base64url), never the token itself: a dump of Redis (RDB, AOF, replica, {@code MONITOR}) yields
 * no usable token, and a token is only ever compared through its hash. Tokens are 32 random bytes,
 * so an unsalted hash cannot be reversed by guessing. The two live in different hash slots, so they are written in
 * the order that keeps the index a superset of the live tokens: index first, token second; a
 * failure in between leaves only a dangling index entry, pruned when it expires. Times come from
 * the Redis server clock. A registered (host-minted) token is stored the same way, with
 * {@code SET NX}, so one that is already live is refused.
 */
final class RedisSessionTokens implements SessionTokens {

    private static final Duration MIN_TTL = Duration.ofSeconds(1);
    private static final Duration MAX_TTL = Duration.ofDays(365);
    private static final String TTL_RULE = "must be between 1 second and 365 days";
    private static final int TOKEN_BYTES = 32;
    private static final int MAX_TOKEN_LENGTH = SessionTokenRules.MAX_REGISTERED_TOKEN;
    private static final int DELETE_BATCH = 500;

    /** Adds ARGV[1] to the index KEYS[1] with score now + ARGV[2] ms (never lowering a score), prunes expired members. */
    private static final LuaScript INDEX = LuaScript.of("""
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local expires = now + tonumber(ARGV[2])
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
            redis.call('ZADD', KEYS[1], 'GT', expires, ARGV[1])
            local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
            redis.call('PEXPIREAT', KEYS[1], math.max(expires, tonumber(last[2])))
            return {now, expires}
            """, ScriptOutputType.MULTI);

    /**
     * Adds ARGV[1] to the index KEYS[1] with score ARGV[2] (epoch ms, never lowering a score) if that
     * lies after now and at most ARGV[3] ms later; prunes expired members. Returns {now, expires},
     * or {now, -1} (nothing written) for an expiry out of range.
     */
    private static final LuaScript INDEX_AT = LuaScript.of("""
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local expires = tonumber(ARGV[2])
            if expires <= now or expires > now + tonumber(ARGV[3]) then return {now, -1} end
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
            redis.call('ZADD', KEYS[1], 'GT', expires, ARGV[1])
            local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
            redis.call('PEXPIREAT', KEYS[1], math.max(expires, tonumber(last[2])))
            return {now, expires}
            """, ScriptOutputType.MULTI);

    /** Moves a live token KEYS[1] to expire at ARGV[1] (epoch ms), keeping its payload; returns its new value or nil. */
    private static final LuaScript EXTEND = LuaScript.of("""
            local value = redis.call('GET', KEYS[1])
            if not value then return false end
            local user, issued, rest = string.match(value, '^([^|]+)|([^|]+)|[^|]*(.*)$')
            local updated = user .. '|' .. issued .. '|' .. ARGV[1] .. rest
            redis.call('SET', KEYS[1], updated, 'PXAT', ARGV[1])
            return updated
            """, ScriptOutputType.VALUE);

    private final RedisParts redis;
    private final SecureRandom random = new SecureRandom();

    RedisSessionTokens(RedisParts redis) {
        this.redis = redis;
    }

    @Override
    public SessionToken issue(UserId userId, Duration ttl, Map<String, ?> payload) {
        Objects.requireNonNull(userId, "userId");
        Inputs.duration("session ttl", ttl, MIN_TTL, MAX_TTL, TTL_RULE);
        Map<String, Object> checked = SessionTokenRules.payload(payload);
        String suffix = suffix(checked);
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        String hash = TokenHash.of(token);
        return redis.call("session token issue", () -> {
            List<Object> times = INDEX.run(redis.commands(), new String[] {redis.keys().userTokens(userId)},
                    hash, Long.toString(ttl.toMillis()));
            long issued = (Long) times.get(0);
            long expires = (Long) times.get(1);
            redis.commands().set(redis.keys().token(hash), userId + "|" + issued + "|" + expires + suffix,
                    SetArgs.Builder.pxAt(expires));
            return new SessionToken(token, userId, Instant.ofEpochMilli(issued), Instant.ofEpochMilli(expires), checked);
        });
    }

    @Override
    public SessionToken register(String token, UserId userId, Instant expiresAt, Map<String, ?> payload) {
        SessionTokenRules.registeredToken(token);
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Map<String, Object> checked = SessionTokenRules.payload(payload);
        String suffix = suffix(checked);
        String hash = TokenHash.of(token);
        String index = redis.keys().userTokens(userId);
        return redis.call("session token register", () -> {
            List<Object> times = INDEX_AT.run(redis.commands(), new String[] {index}, hash,
                    Long.toString(expiresAt.toEpochMilli()), Long.toString(MAX_TTL.toMillis()));
            long issued = (Long) times.get(0);
            long expires = (Long) times.get(1);
            if (expires < 0) {
                SessionTokenRules.expiry(expiresAt, Instant.ofEpochMilli(issued)); // throws, naming the server's time
            }
            String stored = redis.commands().set(redis.keys().token(hash), userId + "|" + issued + "|" + expires + suffix,
                    SetArgs.Builder.pxAt(expires).nx());
            if (stored == null) {
                Optional<SessionToken> holder = parse(token, redis.commands().get(redis.keys().token(hash)));
                if (holder.isEmpty() || !holder.get().userId().equals(userId)) {
                    redis.commands().zrem(index, hash); // the index entry must not let revokeAll reach another user's token
                }
                throw new ConflictException("session_token.unique",
                        "the session token is already registered (rule session_token.unique)");
            }
            return new SessionToken(token, userId, Instant.ofEpochMilli(issued), Instant.ofEpochMilli(expires), checked);
        });
    }

    /** What follows the times in a stored value: nothing, or {@code |} and the payload's JSON. */
    private static String suffix(Map<String, Object> payload) {
        return payload.isEmpty() ? "" : "|" + SessionTokenRules.json(payload);
    }

    @Override
    public Optional<SessionToken> resolve(String token) {
        if (!plausible(token)) {
            return Optional.empty();
        }
        String hash = TokenHash.of(token);
        String value = redis.call("session token resolve", () -> redis.commands().get(redis.keys().token(hash)));
        return parse(token, value);
    }

    @Override
    public Optional<SessionToken> extend(String token, Duration ttl) {
        Inputs.duration("session ttl", ttl, MIN_TTL, MAX_TTL, TTL_RULE);
        if (!plausible(token)) {
            return Optional.empty();
        }
        String hash = TokenHash.of(token);
        return redis.call("session token extend", () -> {
            Optional<SessionToken> current = parse(token, redis.commands().get(redis.keys().token(hash)));
            if (current.isEmpty()) {
                return Optional.<SessionToken>empty();
            }
            List<Object> times = INDEX.run(redis.commands(), new String[] {redis.keys().userTokens(current.get().userId())},
                    hash, Long.toString(ttl.toMillis()));
            String updated = EXTEND.run(redis.commands(), new String[] {redis.keys().token(hash)}, Long.toString((Long) times.get(1)));
            return parse(token, updated);
        });
    }

    @Override
    public boolean revoke(String token) {
        if (!plausible(token)) {
            return false;
        }
        String hash = TokenHash.of(token);
        return redis.call("session token revoke", () -> {
            Optional<SessionToken> revoked = parse(token, redis.commands().getdel(redis.keys().token(hash)));
            revoked.ifPresent(t -> redis.commands().zrem(redis.keys().userTokens(t.userId()), hash));
            return revoked.isPresent();
        });
    }

    @Override
    public int revokeAll(UserId userId) {
        Objects.requireNonNull(userId, "userId");
        String index = redis.keys().userTokens(userId);
        return redis.call("session token revoke all", () -> {
            List<String> hashes = redis.commands().zrange(index, 0, -1);
            long revoked = 0;
            for (int from = 0; from < hashes.size(); from += DELETE_BATCH) {
                List<String> batch = hashes.subList(from, Math.min(hashes.size(), from + DELETE_BATCH));
                List<String> keys = new ArrayList<>(batch.size());
                for (String hash : batch) {
                    keys.add(redis.keys().token(hash));
                }
                revoked += redis.commands().del(keys.toArray(String[]::new));
                redis.commands().zrem(index, batch.toArray(String[]::new));
            }
            return (int) revoked;
        });
    }

    // Tokens we issue are 43 URL-safe characters, registered ones at most 4,096; anything longer cannot be live, so Redis is spared.
    private static boolean plausible(String token) {
        Objects.requireNonNull(token, "token");
        return !token.isEmpty() && token.length() <= MAX_TOKEN_LENGTH;
    }

    private static Optional<SessionToken> parse(String token, String value) {
        if (value == null) {
            return Optional.empty();
        }
        String[] parts = value.split("\\|", 4);
        if (parts.length < 3) {
            return Optional.empty();
        }
        return Optional.of(new SessionToken(token, new UserId(UUID.fromString(parts[0])),
                Instant.ofEpochMilli(Long.parseLong(parts[1])), Instant.ofEpochMilli(Long.parseLong(parts[2])),
                parts.length == 4 ? SessionTokenRules.read(parts[3]) : Map.of()));
    }
}
