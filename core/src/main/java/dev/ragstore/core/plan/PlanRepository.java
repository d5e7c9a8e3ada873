package dev.ragstore.core.plan;

import dev.ragstore.core.error.ConflictException;

import java.util.List;
import java.util.Optional;

/** Port: stores plans. Implementations are thread-safe. */
public interface PlanRepository {

    /** The {@link ConflictException#rule()} of assigning an inactive plan to a user. */
    String INACTIVE = "plan.inactive";

    /** The error every adapter reports when a user is created with, or moved to, the inactive {@code plan}. */
    static ConflictException inactive(Plan plan) {
        return new ConflictException(INACTIVE, "plan '" + plan.name() + "' (" + plan.id() + ") is inactive and cannot be "
                + "assigned (rule " + INACTIVE + "); activate it with updatePlan(...) or choose an active plan; nothing was written");
    }

    /** @throws dev.ragstore.core.error.ConflictException rule {@code plan.name.unique} */
    Plan insert(Plan plan);

    Optional<Plan> findById(PlanId id);

    Optional<Plan> findByName(String name);

    /** All plans ordered by id. */
    List<Plan> list();

    /**
     * Replaces name, limits, price and active flag.
     *
     * @throws dev.ragstore.core.error.NotFoundException if the plan does not exist
     * @throws dev.ragstore.core.error.ConflictException rule {@code plan.name.unique}
     */
    Plan update(Plan plan);

    /**
     * Deletes a plan no user is on.
     *
     * @return whether the plan existed
     * @throws dev.ragstore.core.error.ConflictException rule {@code plan.in_use} when users are on it
     */
    boolean delete(PlanId id);
}
