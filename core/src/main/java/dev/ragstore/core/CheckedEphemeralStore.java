package dev.ragstore.core;

import dev.ragstore.core.ephemeral.Cache;
import dev.ragstore.core.ephemeral.EphemeralStore;
import dev.ragstore.core.ephemeral.JobProgress;
import dev.ragstore.core.ephemeral.Locks;
import dev.ragstore.core.ephemeral.RateLimiter;
import dev.ragstore.core.ephemeral.SessionToken;
import dev.ragstore.core.ephemeral.SessionTokens;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.spi.RelationalStore;
import dev.ragstore.core.user.User;
import dev.ragstore.core.user.UserId;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The ephemeral store as {@link RagStore#ephemeral()} hands it out: everything passes through,
 * except that a session token is issued only for, and resolves (or extends) only while, its user
 * exists and is active in the store of record. So a token whose revocation was lost (the ephemeral store was down when the
 * user was deactivated or deleted) still never authorises anything, and neither does a stale cache
 * entry of the user. The cost is one read of the user by id in the store of record per resolve.
 * Thread-safe.
 */
final class CheckedEphemeralStore implements EphemeralStore {

    private final EphemeralStore delegate;
    private final SessionTokens sessionTokens;

    CheckedEphemeralStore(EphemeralStore delegate, RelationalStore relational) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.sessionTokens = new CheckedSessionTokens(delegate.sessionTokens(), Objects.requireNonNull(relational, "relational"));
    }

    @Override
    public String name() {
        return delegate.name();
    }

    /** Tokens that resolve only for users that exist and are active in the store of record. */
    @Override
    public SessionTokens sessionTokens() {
        return sessionTokens;
    }

    @Override
    public RateLimiter rateLimiter() {
        return delegate.rateLimiter();
    }

    @Override
    public Locks locks() {
        return delegate.locks();
    }

    @Override
    public JobProgress jobs() {
        return delegate.jobs();
    }

    @Override
    public Cache cache() {
        return delegate.cache();
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public String toString() {
        return delegate.toString();
    }

    private record CheckedSessionTokens(SessionTokens delegate, RelationalStore relational) implements SessionTokens {

        /**
         * Issues a token only for a user that exists and is active in the store of record, and
         * checks again afterwards, so a deactivation racing the issue never leaves a live token.
         *
         * @throws NotFoundException for an unknown user
         * @throws InvalidInputException for an inactive one
         */
        @Override
        public SessionToken issue(UserId userId, Duration ttl, Map<String, ?> payload) {
            Objects.requireNonNull(userId, "userId");
            requireActive(userId);
            return checkedAfter(userId, delegate.issue(userId, ttl, payload));
        }

        /** Registers like {@link #issue}: only for a user that exists and is active, checked before and after. */
        @Override
        public SessionToken register(String token, UserId userId, Instant expiresAt, Map<String, ?> payload) {
            Objects.requireNonNull(userId, "userId");
            requireActive(userId);
            return checkedAfter(userId, delegate.register(token, userId, expiresAt, payload));
        }

        private SessionToken checkedAfter(UserId userId, SessionToken issued) {
            try {
                requireActive(userId);
            } catch (RuntimeException e) {
                delegate.revoke(issued.token());
                throw e;
            }
            return issued;
        }

        private void requireActive(UserId userId) {
            User user = relational.storeOfRecord().users().findById(userId)
                    .orElseThrow(() -> new NotFoundException("user", userId));
            if (!user.active()) {
                throw InvalidInputException.of("userId", "must be an active user to hold a session token", userId);
            }
        }

        @Override
        public Optional<SessionToken> resolve(String token) {
            return delegate.resolve(token).filter(this::userActive);
        }

        @Override
        public Optional<SessionToken> extend(String token, Duration ttl) {
            Optional<SessionToken> current = delegate.resolve(token);
            if (current.isEmpty() || !userActive(current.get())) {
                return Optional.empty();
            }
            return delegate.extend(token, ttl);
        }

        @Override
        public boolean revoke(String token) {
            return delegate.revoke(token);
        }

        @Override
        public int revokeAll(UserId userId) {
            return delegate.revokeAll(userId);
        }

        private boolean userActive(SessionToken session) {
            return relational.storeOfRecord().users().findById(session.userId()).map(User::active).orElse(false);
        }
    }
}
