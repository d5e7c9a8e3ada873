package dev.ragstore.postgres;

import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.page.Page;
import dev.ragstore.core.page.PageRequest;
import dev.ragstore.core.user.User;
import dev.ragstore.core.user.UserId;
import dev.ragstore.core.user.UserRepository;
import org.jdbi.v3.core.statement.SqlStatement;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import dev.ragstore.postgres.internal.PgHints;

import static dev.ragstore.postgres.internal.PgRows.timestamp;

/** Users on PostgreSQL; every call runs in the admin scope. */
final class PgUserRepository implements UserRepository {

    private static final String COLUMNS = "id, username, email, password_hash, display_name, role, active, "
            + "email_verified, plan_id, lifetime_tokens, preferences, last_login_at, created_at, updated_at";

    private final PgContext context;
    private final String insert;
    private final String findById;
    private final String findByUsername;
    private final String findByEmail;
    private final String listFirst;
    private final String listAfter;
    private final String update;
    private final String delete;

    PgUserRepository(PgContext context) {
        this.context = context;
        this.insert = context.sql("INSERT INTO {schema}.users (" + COLUMNS + ") VALUES (:id, :username, :email, "
                + ":passwordHash, :displayName, :role, :active, :emailVerified, :planId, :lifetimeTokens, "
                + "CAST(:preferences AS jsonb), :lastLoginAt, :createdAt, :updatedAt) RETURNING " + COLUMNS);
        this.findById = context.sql("SELECT " + COLUMNS + " FROM {schema}.users WHERE id = :id");
        this.findByUsername = context.sql("SELECT " + COLUMNS + " FROM {schema}.users WHERE username = :username");
        this.findByEmail = context.sql("SELECT " + COLUMNS + " FROM {schema}.users WHERE email = :email");
        this.listFirst = context.sql("SELECT " + COLUMNS + " FROM {schema}.users ORDER BY id LIMIT :limit");
        this.listAfter = context.sql("SELECT " + COLUMNS + " FROM {schema}.users WHERE id > :after ORDER BY id LIMIT :limit");
        this.update = context.sql("UPDATE {schema}.users SET email = :email, password_hash = :passwordHash, "
                + "display_name = :displayName, role = :role, active = :active, email_verified = :emailVerified, "
                + "plan_id = :planId, preferences = CAST(:preferences AS jsonb), last_login_at = :lastLoginAt, "
                + "updated_at = :updatedAt WHERE id = :id RETURNING " + COLUMNS);
        this.delete = context.sql("DELETE FROM {schema}.users WHERE id = :id");
    }

    @Override
    public User insert(User user) {
        Objects.requireNonNull(user, "user");
        PgHints hints = PgHints.none().with("id", user.id()).with("username", user.username())
                .with("email", user.email()).with("plan", user.planId());
        return context.tx().admin(hints, h -> bindFields(h.createQuery(insert), user)
                .bind("username", user.username())
                .bind("lifetimeTokens", user.lifetimeTokens())
                .bindByType("createdAt", timestamp(user.createdAt()), OffsetDateTime.class)
                .map((rs, ctx) -> context.rows().user(rs)).one());
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
        List<User> fetched = context.tx().admin(h -> (page.after() == null
                ? h.createQuery(listFirst)
                : h.createQuery(listAfter).bind("after", UUID.fromString(page.after())))
                .bind("limit", page.limit() + 1)
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
                .bind("passwordHash", user.passwordHash())
                .bind("displayName", user.displayName())
                .bind("role", user.role().name())
                .bind("active", user.active())
                .bind("emailVerified", user.emailVerified())
                .bindByType("planId", user.planId() == null ? null : user.planId().value(), UUID.class)
                .bind("preferences", context.json().writeMetadata(user.preferences()))
                .bindByType("lastLoginAt", timestamp(user.lastLoginAt()), OffsetDateTime.class)
                .bindByType("updatedAt", timestamp(user.updatedAt()), OffsetDateTime.class);
    }
}
