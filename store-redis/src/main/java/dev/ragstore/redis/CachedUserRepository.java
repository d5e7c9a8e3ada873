package dev.ragstore.redis;

import dev.ragstore.core.page.Page;
import dev.ragstore.core.page.PageRequest;
import dev.ragstore.core.plan.PlanId;
import dev.ragstore.core.user.Role;
import dev.ragstore.core.user.User;
import dev.ragstore.core.user.UserId;
import dev.ragstore.core.user.UserRepository;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Caches users by id ({@code user:{id}:account}) and user names as a mapping to the id
 * ({@code username:<name>}), verified against the cached user on every use. Updates (and each
 * single-purpose write: login, password, profile, active flag, role, plan, email-verified and
 * two-factor flags) invalidate the
 * account entry; a delete bumps the user's generations, invalidating everything cached for
 * that user. The password hash never reaches Redis: the entry holds its fingerprint and this
 * process keeps the hash ({@link dev.ragstore.redis.internal.SecretMemory}). Authentication does not
 * use this cache at all (it reads the store of record).
 */
final class CachedUserRepository implements UserRepository {

    private final UserRepository delegate;
    private final ReadThrough cache;

    CachedUserRepository(UserRepository delegate, ReadThrough cache) {
        this.delegate = delegate;
        this.cache = cache;
    }

    @Override
    public User insert(User user) {
        return delegate.insert(user);
    }

    @Override
    public Optional<User> findById(UserId id) {
        Objects.requireNonNull(id, "id");
        return cache.find(cache.redis().keys().account(id), cache.redis().keys().cacheGeneration(id), User.class,
                user -> user.id().equals(id), () -> delegate.findById(id));
    }

    @Override
    public Optional<User> findByUsername(String username) {
        Objects.requireNonNull(username, "username");
        String mappingKey = cache.redis().keys().username(username);
        Optional<String> mapped = cache.cache().get(mappingKey);
        if (mapped.isPresent()) {
            UserId id = parse(mapped.get());
            Optional<User> user = id == null ? Optional.empty() : findById(id);
            if (user.isPresent() && user.get().username().equals(username)) {
                return user;
            }
        }
        Optional<User> loaded = delegate.findByUsername(username);
        loaded.ifPresent(user -> cache.cache().put(mappingKey, user.id().toString()));
        return loaded;
    }

    @Override
    public Optional<User> findByEmail(String email) {
        return delegate.findByEmail(email);
    }

    @Override
    public Page<User> list(PageRequest page) {
        return delegate.list(page);
    }

    @Override
    public User update(User user) {
        User updated = delegate.update(user);
        cache.invalidate(cache.redis().keys().account(updated.id()));
        return updated;
    }

    @Override
    public Optional<User> recordLogin(UserId id, String expectedHash, String upgradedHash, Instant at) {
        Optional<User> updated = delegate.recordLogin(id, expectedHash, upgradedHash, at);
        updated.ifPresent(this::invalidate);
        return updated;
    }

    @Override
    public Optional<User> replacePasswordHash(UserId id, String expectedHash, String newHash, Instant at) {
        Optional<User> updated = delegate.replacePasswordHash(id, expectedHash, newHash, at);
        updated.ifPresent(this::invalidate);
        return updated;
    }

    @Override
    public User updateProfile(UserId id, String displayName, String email, Map<String, Object> preferences, Instant at) {
        return invalidate(delegate.updateProfile(id, displayName, email, preferences, at));
    }

    @Override
    public User setActive(UserId id, boolean active, Instant at) {
        return invalidate(delegate.setActive(id, active, at));
    }

    @Override
    public User setRole(UserId id, Role role, Instant at) {
        return invalidate(delegate.setRole(id, role, at));
    }

    @Override
    public User setPlan(UserId id, PlanId planId, Instant at) {
        return invalidate(delegate.setPlan(id, planId, at));
    }

    @Override
    public User setEmailVerified(UserId id, boolean emailVerified, Instant at) {
        return invalidate(delegate.setEmailVerified(id, emailVerified, at));
    }

    @Override
    public User setTwoFactorEnabled(UserId id, boolean enabled, Instant at) {
        return invalidate(delegate.setTwoFactorEnabled(id, enabled, at));
    }

    private User invalidate(User updated) {
        cache.invalidate(cache.redis().keys().account(updated.id()));
        return updated;
    }

    @Override
    public boolean delete(UserId id) {
        boolean existed = delegate.delete(id);
        if (existed) {
            cache.bumpGenerations(cache.redis().keys().cacheGeneration(id), cache.redis().keys().historyGeneration(id));
        }
        return existed;
    }

    private static UserId parse(String text) {
        try {
            return new UserId(UUID.fromString(text));
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }
}
