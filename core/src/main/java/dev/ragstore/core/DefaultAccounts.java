package dev.ragstore.core;

import dev.ragstore.core.apikey.ApiKey;
import dev.ragstore.core.ephemeral.RateLimit;
import dev.ragstore.core.ephemeral.RateLimitDecision;
import dev.ragstore.core.error.RateLimitExceededException;
import dev.ragstore.core.internal.ApiKeyTokens;
import dev.ragstore.core.internal.Checks;
import dev.ragstore.core.internal.PasswordHashing;
import dev.ragstore.core.user.Accounts;
import dev.ragstore.core.user.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Password and API-key authentication. Every failure reads as empty, and an unknown user costs
 * a dummy hash verification, so neither the answer nor its timing tells which check failed. A
 * login writes only {@code last_login_at} (and an upgraded hash), conditioned on the account
 * still being active with the hash that was verified. An API key with a rate limit takes one
 * permit of the ephemeral store's {@link dev.ragstore.core.ephemeral.RateLimiter} per
 * authentication, for its owner on the endpoint {@code "api key <prefix>"}.
 */
final class DefaultAccounts implements Accounts {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultAccounts.class);

    /** What an API key's rate limit is named by, with the key's public prefix (the rate limiter's endpoint). */
    private static final String API_KEY = "api key ";

    private final StoreContext context;

    DefaultAccounts(StoreContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    @Override
    public Optional<User> login(String username, String password) {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        // The hash and the active flag come from the store of record: a stale cache entry never authorises a login.
        // A name or password that is not Unicode text (an unpaired surrogate) matches no account:
        // the store would turn it into '?' and find another name.
        return verify(Checks.unpairedSurrogate(username) >= 0 || Checks.unpairedSurrogate(password) >= 0
                ? Optional.empty()
                : context.relational().storeOfRecord().users().findByUsername(username), password);
    }

    @Override
    public Optional<User> loginByEmail(String email, String password) {
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(password, "password");
        // No stored address holds a NUL (PostgreSQL text cannot) or an unpaired surrogate (stored as '?').
        return verify(email.indexOf('\u0000') >= 0 || Checks.unpairedSurrogate(email) >= 0
                || Checks.unpairedSurrogate(password) >= 0
                ? Optional.empty()
                : context.relational().storeOfRecord().users().findByEmail(email), password);
    }

    private Optional<User> verify(Optional<User> found, String password) {
        // An account without a password (SSO) costs the same dummy check as an unknown name, so
        // neither the answer nor its timing tells it apart from a wrong password.
        if (found.isEmpty() || !found.get().hasPassword()) {
            context.passwords().verifyDummy(password);
            return Optional.empty();
        }
        User user = found.get();
        PasswordHashing.Verification verification = context.passwords().verify(password, user.passwordHash());
        if (!verification.matches() || !user.active()) {
            return Optional.empty();
        }
        if (verification.upgradedHash() != null) {
            LOG.debug("Upgrading the password hash of user {} on login", user.id());
        }
        // One conditional write of last_login_at (and the upgraded hash): it fails when the user
        // was deleted, deactivated or given another password while the hash was being checked,
        // and never reverts a concurrent change of any other column.
        return context.relational().users().recordLogin(user.id(), user.passwordHash(), verification.upgradedHash(),
                context.now());
    }

    @Override
    public Optional<ApiKey> authenticateApiKey(String token) {
        Objects.requireNonNull(token, "token");
        Optional<String> prefix = ApiKeyTokens.prefixOf(token);
        if (prefix.isEmpty()) {
            return Optional.empty();
        }
        Optional<ApiKey> found = context.relational().apiKeys().findByPrefix(prefix.get());
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ApiKey key = found.get();
        Instant now = context.now();
        if (!context.apiKeyTokens().verify(token, key) || key.expiredAt(now)) {
            return Optional.empty();
        }
        boolean ownerActive = context.relational().storeOfRecord().users().findById(key.ownerId()).map(User::active)
                .orElse(false);
        if (!ownerActive) {
            return Optional.empty();
        }
        if (key.rateLimitPerMinute() > 0) {
            // After the secret is verified, so that nobody without the key can spend its permits.
            RateLimit limit = RateLimit.perMinute(key.rateLimitPerMinute());
            RateLimitDecision decision = context.ephemeral().rateLimiter().tryAcquire(key.ownerId(),
                    API_KEY + key.prefix(), limit);
            if (!decision.allowed()) {
                throw new RateLimitExceededException(API_KEY + key.prefix(), limit.permits(), limit.window(),
                        decision.retryAfter());
            }
        }
        context.relational().apiKeys().touch(key.id(), now);
        return Optional.of(new ApiKey(key.id(), key.ownerId(), key.name(), key.prefix(), key.secretHash(),
                key.rateLimitPerMinute(), key.expiresAt(), now, key.createdAt()));
    }
}
