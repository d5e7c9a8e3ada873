package dev.ragstore.postgres;

import dev.ragstore.core.error.ConflictException;
import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.plan.Plan;
import dev.ragstore.core.plan.PlanId;
import dev.ragstore.core.plan.PlanRepository;
import org.jdbi.v3.core.statement.SqlStatement;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.ragstore.postgres.internal.PgHints;

import static dev.ragstore.postgres.internal.PgRows.timestamp;

/**
 * Plans on PostgreSQL; every call runs in the admin scope. A plan users are on cannot be deleted
 * ({@code plan.in_use}); the RESTRICT foreign key of {@code users.plan_id} backs the check.
 */
final class PgPlanRepository implements PlanRepository {

    private static final String COLUMNS =
            "id, name, daily_token_limit, document_limit, session_limit, monthly_price, active, created_at";

    private final PgContext context;
    private final String insert;
    private final String findById;
    private final String findByName;
    private final String list;
    private final String update;
    private final String lock;
    private final String countUsers;
    private final String delete;

    PgPlanRepository(PgContext context) {
        this.context = context;
        this.insert = context.sql("INSERT INTO {schema}.plans (" + COLUMNS + ") VALUES (:id, :name, :dailyTokenLimit, "
                + ":documentLimit, :sessionLimit, :monthlyPrice, :active, :createdAt) RETURNING " + COLUMNS);
        this.findById = context.sql("SELECT " + COLUMNS + " FROM {schema}.plans WHERE id = :id");
        this.findByName = context.sql("SELECT " + COLUMNS + " FROM {schema}.plans WHERE name = :name");
        this.list = context.sql("SELECT " + COLUMNS + " FROM {schema}.plans ORDER BY id");
        this.update = context.sql("UPDATE {schema}.plans SET name = :name, daily_token_limit = :dailyTokenLimit, "
                + "document_limit = :documentLimit, session_limit = :sessionLimit, monthly_price = :monthlyPrice, "
                + "active = :active WHERE id = :id RETURNING " + COLUMNS);
        this.lock = context.sql("SELECT name FROM {schema}.plans WHERE id = :id FOR UPDATE");
        this.countUsers = context.sql("SELECT count(*) FROM {schema}.users WHERE plan_id = :id");
        this.delete = context.sql("DELETE FROM {schema}.plans WHERE id = :id");
    }

    @Override
    public Plan insert(Plan plan) {
        Objects.requireNonNull(plan, "plan");
        return context.tx().admin(PgHints.none().with("id", plan.id()).with("name", plan.name()), h -> bindFields(h.createQuery(insert), plan)
                .bindByType("createdAt", timestamp(plan.createdAt()), OffsetDateTime.class)
                .map((rs, ctx) -> context.rows().plan(rs)).one());
    }

    @Override
    public Optional<Plan> findById(PlanId id) {
        Objects.requireNonNull(id, "id");
        return context.tx().admin(h -> h.createQuery(findById).bind("id", id.value())
                .map((rs, ctx) -> context.rows().plan(rs)).findOne());
    }

    @Override
    public Optional<Plan> findByName(String name) {
        Objects.requireNonNull(name, "name");
        return context.tx().admin(h -> h.createQuery(findByName).bind("name", name)
                .map((rs, ctx) -> context.rows().plan(rs)).findOne());
    }

    @Override
    public List<Plan> list() {
        return context.tx().admin(h -> h.createQuery(list).map((rs, ctx) -> context.rows().plan(rs)).list());
    }

    @Override
    public Plan update(Plan plan) {
        Objects.requireNonNull(plan, "plan");
        return context.tx().admin(PgHints.none().with("name", plan.name()), h -> bindFields(h.createQuery(update), plan)
                .map((rs, ctx) -> context.rows().plan(rs)).findOne()
                .orElseThrow(() -> new NotFoundException("plan", plan.id())));
    }

    @Override
    public boolean delete(PlanId id) {
        Objects.requireNonNull(id, "id");
        return context.tx().admin(h -> {
            // the row lock waits for, then blocks, users being put on the plan (their foreign key check shares it)
            Optional<String> name = h.createQuery(lock).bind("id", id.value()).mapTo(String.class).findOne();
            if (name.isEmpty()) {
                return false;
            }
            long users = h.createQuery(countUsers).bind("id", id.value()).mapTo(Long.class).one();
            if (users > 0) {
                throw new ConflictException("plan.in_use", "plan '" + name.get() + "' is in use by " + users
                        + (users == 1 ? " user" : " users") + "; move them to another plan first");
            }
            return h.createUpdate(delete).bind("id", id.value()).execute() > 0;
        });
    }

    private static <S extends SqlStatement<S>> S bindFields(S statement, Plan plan) {
        return statement.bind("id", plan.id().value())
                .bind("name", plan.name())
                .bind("dailyTokenLimit", plan.dailyTokenLimit())
                .bind("documentLimit", plan.documentLimit())
                .bind("sessionLimit", plan.sessionLimit())
                .bind("monthlyPrice", plan.monthlyPrice())
                .bind("active", plan.active());
    }
}
