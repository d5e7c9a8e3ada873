package dev.ragstore.core;

import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.error.StoreUnavailableException;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** User and plan management over the relational store, with the clean-up of vectors and session tokens. */
final class DefaultAdminScope implements AdminScope {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultAdminScope.class);

    private final StoreContext context;

    DefaultAdminScope(StoreContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    @Override
    public User createUser(NewUser user) {
        Objects.requireNonNull(user, "user");
        if (user.planId() != null) {
            requirePlan(user.planId());
        }
        Instant now = context.now();
        return context.relational().users().insert(new User(new UserId(context.ids().next()), user.username(),
                user.email(), context.passwords().hash(user.password()), user.displayName(), user.role(), true, false,
                user.planId(), 0, Map.of(), null, now, now));
    }

    @Override
    public Optional<User> findUser(UserId id) {
        Objects.requireNonNull(id, "id");
        return context.relational().users().findById(id);
    }

    @Override
    public Optional<User> findUserByUsername(String username) {
        Objects.requireNonNull(username, "username");
        if (dev.ragstore.core.internal.Checks.unpairedSurrogate(username) >= 0) {
            return Optional.empty(); // no stored name has one; the store would look up '?' instead
        }
        return context.relational().users().findByUsername(username);
    }

    @Override
    public Page<User> listUsers(PageRequest page) {
        Objects.requireNonNull(page, "page");
        return context.relational().users().list(page);
    }

    @Override
    public User setActive(UserId id, boolean active) {
        Objects.requireNonNull(id, "id");
        boolean wasActive = context.relational().users().findById(id).map(User::active)
                .orElseThrow(() -> new NotFoundException("user", id));
        User updated = context.relational().users().setActive(id, active, context.now());
        // Deactivating revokes the user's tokens; so does reactivating, so that a deactivation whose
        // revocation never completed cannot bring the old sessions back to life.
        if (!active || !wasActive) {
            revokeSessionTokens(id, "User " + id + (active ? " reactivated" : " deactivated")
                    + ", but its session tokens could not be revoked", "setActive(" + active + ")");
        }
        return updated;
    }

    @Override
    public User setRole(UserId id, Role role) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(role, "role");
        return context.relational().users().setRole(id, role, context.now());
    }

    @Override
    public User setPlan(UserId id, PlanId planId) {
        Objects.requireNonNull(id, "id");
        return context.relational().users().setPlan(id, planId, context.now());
    }

    @Override
    public void deleteUser(UserId id) {
        Objects.requireNonNull(id, "id");
        // Revoked first: if the ephemeral store is down, nothing is deleted and the same call can be retried.
        revokeSessionTokens(id, "User " + id + " not deleted: its session tokens could not be revoked first", "deleteUser");
        if (!context.relational().users().delete(id)) {
            throw new NotFoundException("user", id);
        }
        if (!context.vectorIndex().followsRelationalDeletes()) {
            context.vectorIndex().deleteOwner(id);
        }
        // A token issued in between belongs to a user that no longer exists, so it never resolves
        // through RagStore.ephemeral(); revoking it too only tidies up.
        try {
            context.ephemeral().sessionTokens().revokeAll(id);
        } catch (StoreUnavailableException e) {
            LOG.warn("User {} deleted; tokens issued during the deletion not revoked ({}). They never resolve "
                    + "through RagStore and expire by their TTL", id, e.getMessage());
        }
        LOG.debug("Deleted user {} with everything they own", id);
    }

    @Override
    public Plan createPlan(NewPlan plan) {
        Objects.requireNonNull(plan, "plan");
        return context.relational().plans().insert(new Plan(new PlanId(context.ids().next()), plan.name(),
                plan.dailyTokenLimit(), plan.documentLimit(), plan.sessionLimit(), plan.monthlyPrice(), true,
                context.now()));
    }

    @Override
    public Optional<Plan> findPlan(PlanId id) {
        Objects.requireNonNull(id, "id");
        return context.relational().plans().findById(id);
    }

    @Override
    public Optional<Plan> findPlanByName(String name) {
        Objects.requireNonNull(name, "name");
        return context.relational().plans().findByName(name);
    }

    @Override
    public List<Plan> listPlans() {
        return context.relational().plans().list();
    }

    @Override
    public Plan updatePlan(Plan plan) {
        Objects.requireNonNull(plan, "plan");
        requirePlan(plan.id());
        return context.relational().plans().update(plan);
    }

    @Override
    public void deletePlan(PlanId id) {
        Objects.requireNonNull(id, "id");
        if (!context.relational().plans().delete(id)) {
            throw new NotFoundException("plan", id);
        }
    }

    @Override
    public List<UsageDay> usageReport(LocalDate from, LocalDate to) {
        DefaultUsage.checkRange(from, to);
        return context.relational().usage().report(from, to);
    }

    private void requirePlan(PlanId id) {
        if (context.relational().plans().findById(id).isEmpty()) {
            throw new NotFoundException("plan", id);
        }
    }

    /**
     * Revokes every session token of the user. A revocation is never dropped silently: when the
     * ephemeral store is unavailable this throws a {@link StoreUnavailableException} (retryable as
     * the cause was) saying what already happened and that repeating the same call completes it.
     */
    private void revokeSessionTokens(UserId id, String outcome, String call) {
        int revoked;
        try {
            revoked = context.ephemeral().sessionTokens().revokeAll(id);
        } catch (StoreUnavailableException e) {
            throw new StoreUnavailableException(e.store(), e.retryable(), outcome + " (" + e.getMessage() + "). Repeat "
                    + call + " to complete it; meanwhile no token of an inactive or deleted user resolves through "
                    + "RagStore.ephemeral()", e);
        }
        LOG.debug("Revoked {} session tokens of user {}", revoked, id);
    }
}
