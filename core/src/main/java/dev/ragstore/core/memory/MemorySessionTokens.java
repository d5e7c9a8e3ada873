package dev.ragstore.core.memory;

import dev.ragstore.core.ephemeral.SessionToken;
import dev.ragstore.core.ephemeral.SessionTokens;
import dev.ragstore.core.error.ConflictException;
import dev.ragstore.core.internal.SessionTokenRules;
import dev.ragstore.core.user.UserId;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Session tokens in memory: issued ones are 32 random bytes (SecureRandom) as base64url text;
 * registered ones are the host's text. A token is live
 * while the clock is before its expiry. Expired tokens are dropped when touched and by a sweep
 * every {@value #SWEEP_EVERY} issues. Thread-safe (one monitor).
 */
final class MemorySessionTokens implements SessionTokens {

    static final Duration MIN_TTL = Duration.ofSeconds(1);
    static final Duration MAX_TTL = Duration.ofDays(365);
    private static final String TTL_RULE = "must be between 1 second and 365 days";
    private static final int TOKEN_BYTES = 32;
    private static final int SWEEP_EVERY = 1_024;

    private final Clock clock;
    private final SecureRandom random;
    private final Map<String, SessionToken> tokens = new HashMap<>();
    private int issuedSinceSweep;

    MemorySessionTokens(Clock clock, SecureRandom random) {
        this.clock = clock;
        this.random = random;
    }

    @Override
    public synchronized SessionToken issue(UserId userId, Duration ttl, Map<String, ?> payload) {
        Objects.requireNonNull(userId, "userId");
        EphemeralChecks.between("session ttl", ttl, MIN_TTL, MAX_TTL, TTL_RULE);
        Map<String, Object> checked = SessionTokenRules.payload(payload);
        Instant now = clock.instant();
        sweepNow(now);
        String text;
        do {
            text = EphemeralChecks.randomToken(random, TOKEN_BYTES);
        } while (tokens.containsKey(text));
        SessionToken token = new SessionToken(text, userId, now, now.plus(ttl), checked);
        tokens.put(text, token);
        return token;
    }

    @Override
    public synchronized SessionToken register(String token, UserId userId, Instant expiresAt, Map<String, ?> payload) {
        SessionTokenRules.registeredToken(token);
        Objects.requireNonNull(userId, "userId");
        Instant now = clock.instant();
        SessionTokenRules.expiry(expiresAt, now);
        Map<String, Object> checked = SessionTokenRules.payload(payload);
        if (liveToken(token, now) != null) {
            throw new ConflictException("session_token.unique", "the session token is already registered (rule session_token.unique)");
        }
        sweepNow(now);
        SessionToken registered = new SessionToken(token, userId, now, expiresAt, checked);
        tokens.put(token, registered);
        return registered;
    }

    /** Drops expired tokens every {@value #SWEEP_EVERY} issues or registrations. */
    private void sweepNow(Instant now) {
        if (++issuedSinceSweep >= SWEEP_EVERY) {
            issuedSinceSweep = 0;
            tokens.values().removeIf(token -> !live(token, now));
        }
    }

    @Override
    public synchronized Optional<SessionToken> resolve(String token) {
        Objects.requireNonNull(token, "token");
        return Optional.ofNullable(liveToken(token, clock.instant()));
    }

    @Override
    public synchronized Optional<SessionToken> extend(String token, Duration ttl) {
        Objects.requireNonNull(token, "token");
        EphemeralChecks.between("session ttl", ttl, MIN_TTL, MAX_TTL, TTL_RULE);
        Instant now = clock.instant();
        SessionToken current = liveToken(token, now);
        if (current == null) {
            return Optional.empty();
        }
        SessionToken extended = current.withExpiresAt(now.plus(ttl));
        tokens.put(token, extended);
        return Optional.of(extended);
    }

    @Override
    public synchronized boolean revoke(String token) {
        Objects.requireNonNull(token, "token");
        return liveToken(token, clock.instant()) != null && tokens.remove(token) != null;
    }

    @Override
    public synchronized int revokeAll(UserId userId) {
        Objects.requireNonNull(userId, "userId");
        Instant now = clock.instant();
        int revoked = 0;
        for (Iterator<SessionToken> it = tokens.values().iterator(); it.hasNext(); ) {
            SessionToken token = it.next();
            if (token.userId().equals(userId)) {
                if (live(token, now)) {
                    revoked++;
                }
                it.remove();
            }
        }
        return revoked;
    }

    /** The live token, dropping it when it has expired. */
    private SessionToken liveToken(String text, Instant now) {
        SessionToken token = tokens.get(text);
        if (token != null && !live(token, now)) {
            tokens.remove(text);
            return null;
        }
        return token;
    }

    private static boolean live(SessionToken token, Instant now) {
        return now.isBefore(token.expiresAt());
    }
}
