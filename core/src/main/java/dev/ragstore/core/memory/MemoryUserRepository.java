package dev.ragstore.core.memory;

import dev.ragstore.core.error.ConflictException;
import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.page.Page;
import dev.ragstore.core.page.PageRequest;
import dev.ragstore.core.plan.PlanId;
import dev.ragstore.core.user.User;
import dev.ragstore.core.user.UserId;
import dev.ragstore.core.user.UserRepository;

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
            checkPlan(user.planId());
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
                    user.role(), user.active(), user.emailVerified(), user.planId(), stored.lifetimeTokens(),
                    user.preferences(), user.lastLoginAt(), stored.createdAt(), user.updatedAt());
            tables.putUser(updated);
            return updated;
        });
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

    private static ConflictException usernameTaken(String username) {
        return new ConflictException("user.username.unique", "username '" + username + "' is already taken");
    }
}
