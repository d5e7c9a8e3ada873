package dev.ragstore.core;

import dev.ragstore.core.page.Page;
import dev.ragstore.core.page.PageRequest;
import dev.ragstore.core.plan.NewPlan;
import dev.ragstore.core.plan.Plan;
import dev.ragstore.core.plan.PlanId;
import dev.ragstore.core.usage.UsageDay;
import dev.ragstore.core.user.NewUser;
import dev.ragstore.core.user.Role;
import dev.ragstore.core.user.User;
import dev.ragstore.core.user.UserId;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The only cross-user view: user and plan management and usage reports. Obtained from
 * {@link RagStore#admin()}; thread-safe. Guarding who may call it is the host's job.
 */
public interface AdminScope {

    /**
     * Creates a user with a hashed password.
     *
     * @throws dev.ragstore.core.error.ConflictException if the username or email is taken
     * @throws dev.ragstore.core.error.NotFoundException if the plan does not exist
     * @throws dev.ragstore.core.error.ConflictException rule {@code plan.inactive} if the plan is
     *         inactive; nothing is written
     */
    User createUser(NewUser user);

    Optional<User> findUser(UserId id);

    Optional<User> findUserByUsername(String username);

    /** Users ordered by id. */
    Page<User> listUsers(PageRequest page);

    /** @throws dev.ragstore.core.error.NotFoundException for an unknown user */
    User setActive(UserId id, boolean active);

    /** @throws dev.ragstore.core.error.NotFoundException for an unknown user */
    User setRole(UserId id, Role role);

    /**
     * Puts the user on a plan, whose limits then apply to the user's next writes; sessions and
     * documents held beyond a smaller limit are kept, only new ones are refused.
     *
     * @param planId may be {@code null} (no plan, no limits)
     * @throws dev.ragstore.core.error.NotFoundException for an unknown user or plan
     * @throws dev.ragstore.core.error.ConflictException rule {@code plan.inactive} if the plan is
     *         inactive (deactivated plans keep the users on them but take no new ones); nothing is written
     */
    User setPlan(UserId id, PlanId planId);

    /**
     * Deletes a user and everything they own (vectors included); messages they wrote keep their
     * text with the author set to null.
     *
     * @throws dev.ragstore.core.error.NotFoundException for an unknown user
     */
    void deleteUser(UserId id);

    /**
     * Creates an active plan, e.g.
     * {@code createPlan(NewPlan.builder().name("starter").dailyTokenLimit(200_000).documentLimit(100)
     * .sessionLimit(20).monthlyPrice(new BigDecimal("9.00")).build())}.
     *
     * @param plan the name, limits and price, already checked by {@link NewPlan}; must not be {@code null}
     * @return the stored plan with its new id
     * @throws dev.ragstore.core.error.ConflictException if a plan of that name exists
     */
    Plan createPlan(NewPlan plan);

    Optional<Plan> findPlan(PlanId id);

    Optional<Plan> findPlanByName(String name);

    List<Plan> listPlans();

    /** Replaces the plan's name, limits, price and active flag. @throws dev.ragstore.core.error.NotFoundException for an unknown plan */
    Plan updatePlan(Plan plan);

    /**
     * @throws dev.ragstore.core.error.NotFoundException for an unknown plan
     * @throws dev.ragstore.core.error.ConflictException if users are on the plan
     */
    void deletePlan(PlanId id);

    /** Every user's usage in {@code [from, to]}, ordered by day then user. */
    List<UsageDay> usageReport(LocalDate from, LocalDate to);
}
