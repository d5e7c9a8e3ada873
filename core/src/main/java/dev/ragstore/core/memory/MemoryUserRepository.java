package dev.ragstore.core.memory;

import dev.ragstore.core.error.ConflictException;
import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.page.Page;
import dev.ragstore.core.page.PageRequest;
import dev.ragstore.core.plan.PlanId;
import dev.ragstore.core.plan.PlanRepository;
import dev.ragstore.core.user.Role;
import dev.ragstore.core.user.User;
import dev.ragstore.core.user.UserId;
import dev.ragstore.core.user.UserRepository;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** Users in memory. Usernames and emails are unique as given (case-sensitive, like a plain unique index). */
final class MemoryUserRepository implements UserRepository {

    private final MemoryTables tables;
    private final Cascades cascades;

    MemoryUserRepository(MemoryTables tables, Cascades cascades) {
        this.tables = tables;
        this.cascades = cascades;
    }

    @Override
    public User insert(User user) {
        Objects.requireNonNull(user, "user");
        return tables.write(() -> {
            if (tables.users.containsKey(user.id().value())) {
                throw new ConflictException("user.id.unique", "user id '" + user.id() + "' is already taken");
            }
            if (tables.userIdsByUsername.containsKey(user.username())) {
                throw usernameTaken(user.username());
            }
            checkEmailFree(user.email(), user.id().value());
            checkAssignablePlan(user.planId());
            tables.putUser(user);
            return user;
        });
    }

    @Override
    public Optional<User> findById(UserId id) {
        Objects.requireNonNull(id, "id");
        return tables.read(() -> Optional.ofNullable(tables.users.get(id.value())));
    }

    @Override
    public Optional<User> findByUsername(String username) {
        Objects.requireNonNull(username, "username");
        return tables.read(() -> Optional.ofNullable(tables.userIdsByUsername.get(username)).map(tables.users::get));
    }

    @Override
    public Optional<User> findByEmail(String email) {
        Objects.requireNonNull(email, "email");
        return tables.read(() -> Optional.ofNullable(tables.userIdsByEmail.get(email)).map(tables.users::get));
    }

    @Override
    public Page<User> list(PageRequest page) {
        Objects.requireNonNull(page, "page");
        return tables.read(() -> Paging.page(tables.users, page, u -> true, User::id));
    }

    @Override
    public User update(User user) {
        Objects.requireNonNull(user, "user");
        return tables.write(() -> {
            User stored = tables.requireUser(user.id());
            checkEmailFree(user.email(), user.id().value());
            checkPlan(user.planId());
            User updated = new User(stored.id(), stored.username(), user.email(), user.passwordHash(), user.displayName(),
                    user.role(), user.active(), user.emailVerified(), user.twoFactorEnabled(), user.planId(), stored.lifetimeTokens(),
                    user.preferences(), user.lastLoginAt(), stored.createdAt(), user.updatedAt());
            tables.putUser(updated);
            return updated;
        });
    }

    @Override
    public Optional<User> recordLogin(UserId id, String expectedHash, String upgradedHash, Instant at) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(expectedHash, "expectedHash");
        Objects.requireNonNull(at, "at");
        return tables.write(() -> {
            User stored = tables.users.get(id.value());
            if (stored == null || !stored.active() || !expectedHash.equals(stored.passwordHash())) {
                return Optional.empty();
            }
            return Optional.of(put(stored, upgradedHash == null ? stored.passwordHash() : upgradedHash,
                    stored.email(), stored.displayName(), stored.role(), stored.active(), stored.emailVerified(),
                    stored.planId(), stored.preferences(), at, at));
        });
    }

    @Override
    public Optional<User> replacePasswordHash(UserId id, String expectedHash, String newHash, Instant at) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(expectedHash, "expectedHash");
        Objects.requireNonNull(newHash, "newHash");
        Objects.requireNonNull(at, "at");
        return tables.write(() -> {
            User stored = tables.requireUser(id);
            if (!expectedHash.equals(stored.passwordHash())) {
                return Optional.empty();
            }
            return Optional.of(put(stored, newHash, stored.email(), stored.displayName(), stored.role(),
                    stored.active(), stored.emailVerified(), stored.planId(), stored.preferences(),
                    stored.lastLoginAt(), at));
        });
    }

    @Override
    public User updateProfile(UserId id, String displayName, String email, Map<String, Object> preferences, Instant at) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        return tables.write(() -> {
            User stored = tables.requireUser(id);
            checkEmailFree(email, id.value());
            boolean verified = stored.emailVerified() && Objects.equals(stored.email(), email);
            return put(stored, stored.passwordHash(), email, displayName, stored.role(), stored.active(), verified,
                    stored.planId(), preferences, stored.lastLoginAt(), at);
        });
    }

    @Override
    public User setActive(UserId id, boolean active, Instant at) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        return tables.write(() -> {
            User s = tables.requireUser(id);
            return put(s, s.passwordHash(), s.email(), s.displayName(), s.role(), active, s.emailVerified(),
                    s.planId(), s.preferences(), s.lastLoginAt(), at);
        });
    }

    @Override
    public User setRole(UserId id, Role role, Instant at) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(at, "at");
        return tables.write(() -> {
            User s = tables.requireUser(id);
            return put(s, s.passwordHash(), s.email(), s.displayName(), role, s.active(), s.emailVerified(),
                    s.planId(), s.preferences(), s.lastLoginAt(), at);
        });
    }

    @Override
    public User setPlan(UserId id, PlanId planId, Instant at) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        return tables.write(() -> {
            User s = tables.requireUser(id);
            checkAssignablePlan(planId);
            return put(s, s.passwordHash(), s.email(), s.displayName(), s.role(), s.active(), s.emailVerified(),
                    planId, s.preferences(), s.lastLoginAt(), at);
        });
    }

    @Override
    public User setEmailVerified(UserId id, boolean emailVerified, Instant at) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        return tables.write(() -> {
            User s = tables.requireUser(id);
            return put(s, s.passwordHash(), s.email(), s.displayName(), s.role(), s.active(), emailVerified,
                    s.planId(), s.preferences(), s.lastLoginAt(), at);
        });
    }

    @Override
    public User setTwoFactorEnabled(UserId id, boolean enabled, Instant at) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        return tables.write(() -> {
            User updated = tables.requireUser(id).withTwoFactorEnabled(enabled).withUpdatedAt(at);
            tables.putUser(updated);
            return updated;
        });
    }

    /** Stores {@code stored} with the given mutable fields; id, username, two-factor flag, lifetime tokens and creation are kept. */
    private User put(User stored, String passwordHash, String email, String displayName, Role role, boolean active,
            boolean emailVerified, PlanId planId, Map<String, Object> preferences, Instant lastLoginAt, Instant updatedAt) {
        User updated = new User(stored.id(), stored.username(), email, passwordHash, displayName, role, active,
                emailVerified, stored.twoFactorEnabled(), planId, stored.lifetimeTokens(), preferences, lastLoginAt,
                stored.createdAt(), updatedAt);
        tables.putUser(updated);
        return updated;
    }

    @Override
    public boolean delete(UserId id) {
        Objects.requireNonNull(id, "id");
        return tables.write(() -> {
            if (!tables.users.containsKey(id.value())) {
                return false;
            }
            cascades.deleteUser(id.value());
            return true;
        });
    }

    private void checkEmailFree(String email, UUID self) {
        if (email != null) {
            UUID holder = tables.userIdsByEmail.get(email);
            if (holder != null && !holder.equals(self)) {
                throw new ConflictException("user.email.unique", "email '" + email + "' is already taken");
            }
        }
    }

    private void checkPlan(PlanId planId) {
        if (planId != null && !tables.plans.containsKey(planId.value())) {
            throw new NotFoundException("plan", planId);
        }
    }

    /** A plan a user may be put on: none, or an existing active one. */
    private void checkAssignablePlan(PlanId planId) {
        checkPlan(planId);
        if (planId != null && !tables.plans.get(planId.value()).active()) {
            throw PlanRepository.inactive(tables.plans.get(planId.value()));
        }
    }

    private static ConflictException usernameTaken(String username) {
        return new ConflictException("user.username.unique", "username '" + username + "' is already taken");
    }
}
