package dev.ragstore.core.memory;

import dev.ragstore.core.error.ConflictException;
import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.plan.Plan;
import dev.ragstore.core.plan.PlanId;
import dev.ragstore.core.plan.PlanRepository;
import dev.ragstore.core.user.User;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** Plans in memory. Plan names are unique as given (case-sensitive). */
final class MemoryPlanRepository implements PlanRepository {

    private final MemoryTables tables;

    MemoryPlanRepository(MemoryTables tables) {
        this.tables = tables;
    }

    @Override
    public Plan insert(Plan plan) {
        Objects.requireNonNull(plan, "plan");
        return tables.write(() -> {
            if (tables.plans.containsKey(plan.id().value())) {
                throw new ConflictException("plan.id.unique", "plan id '" + plan.id() + "' is already taken");
            }
            checkNameFree(plan.name(), plan.id().value());
            tables.putPlan(plan);
            return plan;
        });
    }

    @Override
    public Optional<Plan> findById(PlanId id) {
        Objects.requireNonNull(id, "id");
        return tables.read(() -> Optional.ofNullable(tables.plans.get(id.value())));
    }

    @Override
    public Optional<Plan> findByName(String name) {
        Objects.requireNonNull(name, "name");
        return tables.read(() -> Optional.ofNullable(tables.planIdsByName.get(name)).map(tables.plans::get));
    }

    @Override
    public List<Plan> list() {
        return tables.read(() -> List.copyOf(tables.plans.values()));
    }

    @Override
    public Plan update(Plan plan) {
        Objects.requireNonNull(plan, "plan");
        return tables.write(() -> {
            Plan stored = tables.plans.get(plan.id().value());
            if (stored == null) {
                throw new NotFoundException("plan", plan.id());
            }
            checkNameFree(plan.name(), plan.id().value());
            Plan updated = new Plan(stored.id(), plan.name(), plan.dailyTokenLimit(), plan.documentLimit(),
                    plan.sessionLimit(), plan.monthlyPrice(), plan.active(), stored.createdAt());
            tables.putPlan(updated);
            return updated;
        });
    }

    @Override
    public boolean delete(PlanId id) {
        Objects.requireNonNull(id, "id");
        return tables.write(() -> {
            Plan stored = tables.plans.get(id.value());
            if (stored == null) {
                return false;
            }
            long users = 0;
            for (User user : tables.users.values()) {
                if (id.equals(user.planId())) {
                    users++;
                }
            }
            if (users > 0) {
                throw new ConflictException("plan.in_use",
                        "plan '" + stored.name() + "' is in use by " + users + (users == 1 ? " user" : " users")
                                + "; move them to another plan first");
            }
            tables.removePlan(id.value());
            return true;
        });
    }

    private void checkNameFree(String name, UUID self) {
        UUID holder = tables.planIdsByName.get(name);
        if (holder != null && !holder.equals(self)) {
            throw new ConflictException("plan.name.unique", "plan name '" + name + "' is already taken");
        }
    }
}
