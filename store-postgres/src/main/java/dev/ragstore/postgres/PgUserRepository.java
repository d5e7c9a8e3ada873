package dev.ragstore.postgres;

import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.page.Page;
import dev.ragstore.core.page.PageRequest;
import dev.ragstore.core.plan.Plan;
import dev.ragstore.core.plan.PlanId;
import dev.ragstore.core.plan.PlanRepository;
import dev.ragstore.core.user.Role;
import dev.ragstore.core.user.User;
import dev.ragstore.core.user.UserId;
import dev.ragstore.core.user.UserRepository;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.SqlStatement;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import dev.ragstore.postgres.internal.PgHints;
import dev.ragstore.postgres.internal.PgKeyset;

import static dev.ragstore.postgres.internal.PgRows.timestamp;

/**
 * Users on PostgreSQL; every call runs in the admin scope. Logins, password changes, profile
 * updates and the admin setters are each one {@code UPDATE} of their own columns, so they never
 * revert each other's changes.
 */
final class PgUserRepository implements UserRepository {

    private static final String COLUMNS = "id, username, email, password_hash, display_name, role, active, "
            + "email_verified, two_factor_enabled, plan_id, lifetime_tokens, preferences, last_login_at, created_at, "
            + "updated_at";

    private final PgContext context;
    private final String insert;
    private final String findById;
    private final String findByUsername;
    private final String findByEmail;
    private final PgKeyset list;
    private final String update;
    private final String recordLogin;
    private final String replacePasswordHash;
    private final String updateProfile;
    private final String setActive;
    private final String setRole;
    private final String setPlan;
    private final String lockPlan;
    private final String setEmailVerified;
    private final String setTwoFactorEnabled;
    private final String delete;

    PgUserRepository(PgContext context) {
        this.context = context;
        this.insert = context.sql("INSERT INTO {schema}.users (" + COLUMNS + ") VALUES (:id, :username, :email, "
                + ":passwordHash, :displayName, :role, :active, :emailVerified, :twoFactorEnabled, :planId, :lifetimeTokens, "
                + "CAST(:preferences AS jsonb), :lastLoginAt, :createdAt, :updatedAt) RETURNING " + COLUMNS);
        this.findById = context.sql("SELECT " + COLUMNS + " FROM {schema}.users WHERE id = :id");
        this.findByUsername = context.sql("SELECT " + COLUMNS + " FROM {schema}.users WHERE username = :username");
        this.findByEmail = context.sql("SELECT " + COLUMNS + " FROM {schema}.users WHERE email = :email");
        this.list = new PgKeyset(context.sql("SELECT " + COLUMNS + " FROM {schema}.users WHERE true"), "id");
        this.update = context.sql("UPDATE {schema}.users SET email = :email, password_hash = :passwordHash, "
                + "display_name = :displayName, role = :role, active = :active, email_verified = :emailVerified, "
                + "two_factor_enabled = :twoFactorEnabled, "
                + "plan_id = :planId, preferences = CAST(:preferences AS jsonb), last_login_at = :lastLoginAt, "
                + "updated_at = :updatedAt WHERE id = :id RETURNING " + COLUMNS);
        this.recordLogin = context.sql("UPDATE {schema}.users SET last_login_at = :at, updated_at = :at, "
                + "password_hash = COALESCE(:upgradedHash, password_hash) "
                + "WHERE id = :id AND active AND password_hash = :expectedHash RETURNING " + COLUMNS);
        this.replacePasswordHash = context.sql("UPDATE {schema}.users SET password_hash = :newHash, updated_at = :at "
                + "WHERE id = :id AND password_hash = :expectedHash RETURNING " + COLUMNS);
        // email_verified on the right-hand side is the old value: kept only for the same address
        this.updateProfile = context.sql("UPDATE {schema}.users SET display_name = :displayName, email = :email, "
                + "email_verified = (email_verified AND email IS NOT DISTINCT FROM :email), "
                + "preferences = CAST(:preferences AS jsonb), updated_at = :at WHERE id = :id RETURNING " + COLUMNS);
        this.setActive = context.sql("UPDATE {schema}.users SET active = :active, updated_at = :at WHERE id = :id "
                + "RETURNING " + COLUMNS);
        this.setRole = context.sql("UPDATE {schema}.users SET role = :role, updated_at = :at WHERE id = :id "
                + "RETURNING " + COLUMNS);
        this.setPlan = context.sql("UPDATE {schema}.users SET plan_id = :planId, updated_at = :at WHERE id = :id "
                + "RETURNING " + COLUMNS);
        this.setEmailVerified = context.sql("UPDATE {schema}.users SET email_verified = :flag, updated_at = :at "
                + "WHERE id = :id RETURNING " + COLUMNS);
        this.setTwoFactorEnabled = context.sql("UPDATE {schema}.users SET two_factor_enabled = :flag, updated_at = :at "
                + "WHERE id = :id RETURNING " + COLUMNS);
        this.delete = context.sql("DELETE FROM {schema}.users WHERE id = :id");
        // FOR SHARE waits for, then blocks, a plan update (deactivation) until the user row is written
        this.lockPlan = context.sql("SELECT id, name, daily_token_limit, document_limit, session_limit, monthly_price, "
                + "active, created_at FROM {schema}.plans WHERE id = :id FOR SHARE");
    }

    @Override
    public User insert(User user) {
        Objects.requireNonNull(user, "user");
        PgHints hints = PgHints.none().with("id", user.id()).with("username", user.username())
                .with("email", user.email()).with("plan", user.planId());
        return context.tx().admin(hints, h -> {
            requireAssignablePlan(h, user.planId());
            return bindFields(h.createQuery(insert), user)
                    .bind("username", user.username())
                    .bind("lifetimeTokens", user.lifetimeTokens())
                    .bindByType("createdAt", timestamp(user.createdAt()), OffsetDateTime.class)
                    .map((rs, ctx) -> context.rows().user(rs)).one();
        });
    }

    @Override
    public Optional<User> findById(UserId id) {
        Objects.requireNonNull(id, "id");
        return context.tx().admin(h -> h.createQuery(findById).bind("id", id.value())
                .map((rs, ctx) -> context.rows().user(rs)).findOne());
    }

    @Override
    public Optional<User> findByUsername(String username) {
        Objects.requireNonNull(username, "username");
        return context.tx().admin(h -> h.createQuery(findByUsername).bind("username", username)
                .map((rs, ctx) -> context.rows().user(rs)).findOne());
    }

    @Override
    public Optional<User> findByEmail(String email) {
        Objects.requireNonNull(email, "email");
        return context.tx().admin(h -> h.createQuery(findByEmail).bind("email", email)
                .map((rs, ctx) -> context.rows().user(rs)).findOne());
    }

    @Override
    public Page<User> list(PageRequest page) {
        Objects.requireNonNull(page, "page");
        List<User> fetched = context.tx().admin(h -> list.query(h, page)
                .map((rs, ctx) -> context.rows().user(rs)).list());
        return Page.of(fetched, page.limit(), User::id);
    }

    @Override
    public User update(User user) {
        Objects.requireNonNull(user, "user");
        PgHints hints = PgHints.none().with("email", user.email()).with("plan", user.planId());
        return context.tx().admin(hints, h -> bindFields(h.createQuery(update), user)
                .map((rs, ctx) -> context.rows().user(rs)).findOne()
                .orElseThrow(() -> new NotFoundException("user", user.id())));
    }

    @Override
    public Optional<User> recordLogin(UserId id, String expectedHash, String upgradedHash, Instant at) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(expectedHash, "expectedHash");
        Objects.requireNonNull(at, "at");
        return context.tx().admin(h -> h.createQuery(recordLogin)
                .bind("id", id.value())
                .bind("expectedHash", expectedHash)
                .bindByType("upgradedHash", upgradedHash, String.class)
                .bindByType("at", timestamp(at), OffsetDateTime.class)
                .map((rs, ctx) -> context.rows().user(rs)).findOne());
    }

    @Override
    public Optional<User> replacePasswordHash(UserId id, String expectedHash, String newHash, Instant at) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(expectedHash, "expectedHash");
        Objects.requireNonNull(newHash, "newHash");
        Objects.requireNonNull(at, "at");
        return context.tx().admin(h -> {
            Optional<User> updated = h.createQuery(replacePasswordHash)
                    .bind("id", id.value())
                    .bind("expectedHash", expectedHash)
                    .bind("newHash", newHash)
                    .bindByType("at", timestamp(at), OffsetDateTime.class)
                    .map((rs, ctx) -> context.rows().user(rs)).findOne();
            if (updated.isEmpty() && h.createQuery(findById).bind("id", id.value()).mapTo(UUID.class).findOne().isEmpty()) {
                throw new NotFoundException("user", id);
            }
            return updated;
        });
    }

    @Override
    public User updateProfile(UserId id, String displayName, String email, Map<String, Object> preferences, Instant at) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(at, "at");
        PgHints hints = PgHints.none().with("email", email);
        return context.tx().admin(hints, h -> h.createQuery(updateProfile)
                .bind("id", id.value())
                .bind("displayName", displayName)
                .bindByType("email", email, String.class)
                .bind("preferences", context.json().writeMetadata(preferences))
                .bindByType("at", timestamp(at), OffsetDateTime.class)
                .map((rs, ctx) -> context.rows().user(rs)).findOne()
                .orElseThrow(() -> new NotFoundException("user", id)));
    }

    @Override
    public User setActive(UserId id, boolean active, Instant at) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        return context.tx().admin(h -> h.createQuery(setActive).bind("id", id.value()).bind("active", active)
                .bindByType("at", timestamp(at), OffsetDateTime.class)
                .map((rs, ctx) -> context.rows().user(rs)).findOne()
                .orElseThrow(() -> new NotFoundException("user", id)));
    }

    @Override
    public User setRole(UserId id, Role role, Instant at) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(at, "at");
        return context.tx().admin(h -> h.createQuery(setRole).bind("id", id.value()).bind("role", role.name())
                .bindByType("at", timestamp(at), OffsetDateTime.class)
                .map((rs, ctx) -> context.rows().user(rs)).findOne()
                .orElseThrow(() -> new NotFoundException("user", id)));
    }

    @Override
    public User setPlan(UserId id, PlanId planId, Instant at) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        PgHints hints = PgHints.none().with("plan", planId);
        return context.tx().admin(hints, h -> {
            requireAssignablePlan(h, planId);
            return h.createQuery(setPlan).bind("id", id.value())
                    .bindByType("planId", planId == null ? null : planId.value(), UUID.class)
                    .bindByType("at", timestamp(at), OffsetDateTime.class)
                    .map((rs, ctx) -> context.rows().user(rs)).findOne()
                    .orElseThrow(() -> new NotFoundException("user", id));
        });
    }

    /** A plan a user may be put on: none, or an existing active one (locked until the transaction ends). */
    private void requireAssignablePlan(Handle h, PlanId planId) {
        if (planId != null) {
            Plan plan = h.createQuery(lockPlan).bind("id", planId.value()).map((rs, ctx) -> context.rows().plan(rs))
                    .findOne().orElseThrow(() -> new NotFoundException("plan", planId));
            if (!plan.active()) {
                throw PlanRepository.inactive(plan);
            }
        }
    }

    @Override
    public User setEmailVerified(UserId id, boolean emailVerified, Instant at) {
        return setFlag(setEmailVerified, id, emailVerified, at);
    }

    @Override
    public User setTwoFactorEnabled(UserId id, boolean enabled, Instant at) {
        return setFlag(setTwoFactorEnabled, id, enabled, at);
    }

    private User setFlag(String statement, UserId id, boolean flag, Instant at) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        return context.tx().admin(h -> h.createQuery(statement).bind("id", id.value()).bind("flag", flag)
                .bindByType("at", timestamp(at), OffsetDateTime.class)
                .map((rs, ctx) -> context.rows().user(rs)).findOne()
                .orElseThrow(() -> new NotFoundException("user", id)));
    }

    @Override
    public boolean delete(UserId id) {
        Objects.requireNonNull(id, "id");
        return context.tx().admin(h -> {
            boolean deleted = h.createUpdate(delete).bind("id", id.value()).execute() > 0;
            if (deleted) {
                context.extensions().ownerDeleted(h, id);
            }
            return deleted;
        });
    }

    private <S extends SqlStatement<S>> S bindFields(S statement, User user) {
        return statement.bind("id", user.id().value())
                .bind("email", user.email())
                .bindByType("passwordHash", user.passwordHash(), String.class)
                .bind("displayName", user.displayName())
                .bind("role", user.role().name())
                .bind("active", user.active())
                .bind("emailVerified", user.emailVerified())
                .bind("twoFactorEnabled", user.twoFactorEnabled())
                .bindByType("planId", user.planId() == null ? null : user.planId().value(), UUID.class)
                .bind("preferences", context.json().writeMetadata(user.preferences()))
                .bindByType("lastLoginAt", timestamp(user.lastLoginAt()), OffsetDateTime.class)
                .bindByType("updatedAt", timestamp(user.updatedAt()), OffsetDateTime.class);
    }
}
