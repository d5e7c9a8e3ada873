package dev.ragstore.core;

import dev.ragstore.core.audit.AuditEvent;
import dev.ragstore.core.audit.AuditQuery;
import dev.ragstore.core.document.Document;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.error.StoreUnavailableException;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.page.Page;
import dev.ragstore.core.page.PageRequest;
import dev.ragstore.core.plan.NewPlan;
import dev.ragstore.core.plan.Plan;
import dev.ragstore.core.plan.PlanId;
import dev.ragstore.core.search.SearchHit;
import dev.ragstore.core.search.SearchRequest;
import dev.ragstore.core.usage.UsageDay;
import dev.ragstore.core.user.ImportedUser;
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

/**
 * User and plan management over the relational store, with the clean-up of vectors and session
 * tokens; reads of other users' rows go through {@link AdminReads}, which audits them.
 */
final class DefaultAdminScope implements AdminScope {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultAdminScope.class);

    private final StoreContext context;
    private final AdminReads reads;

    /** @param actingAdmin the admin whose id audited reads carry, or {@code null} (see {@link AdminReads}) */
    DefaultAdminScope(StoreContext context, UserId actingAdmin) {
        this.context = Objects.requireNonNull(context, "context");
        this.reads = new AdminReads(context, actingAdmin);
    }

    @Override
    public User createUser(NewUser user) {
        Objects.requireNonNull(user, "user");
        if (user.planId() != null) {
            requirePlan(user.planId());
        }
        Instant now = context.now();
        return context.relational().users().insert(new User(new UserId(context.ids().next()), user.username(),
                user.email(), user.password() == null ? null : context.passwords().hash(user.password()),
                user.displayName(), user.role(), true, false, user.planId(), 0, Map.of(), null, now, now));
    }

    @Override
    public User importUser(ImportedUser user) {
        Objects.requireNonNull(user, "user");
        if (user.passwordHash() != null && !context.passwords().recognisesFormat(user.passwordHash())) {
            throw InvalidInputException.withoutValue("password hash", "must be in a format RagStore verifies: Argon2 "
                    + "(PHC string, at most 64 MiB and 64 iterations), bcrypt ($2a$, $2b$, $2x$, $2y$, cost at most 18), "
                    + "password4j scrypt or compressed PBKDF2, or one the configured LegacyPasswordVerifier recognises");
        }
        if (user.planId() != null) {
            requirePlan(user.planId());
        }
        Instant now = context.now();
        return context.relational().users().insert(new User(new UserId(context.ids().next()), user.username(),
                user.email(), user.passwordHash(), user.displayName(), user.role(), user.active(), user.emailVerified(),
                user.twoFactorEnabled(), user.planId(), 0, Map.of(), null, now, now));
    }

    @Override
    public Optional<User> findUserByEmail(String email) {
        Objects.requireNonNull(email, "email");
        if (email.indexOf('\u0000') >= 0 || dev.ragstore.core.internal.Checks.unpairedSurrogate(email) >= 0) {
            return Optional.empty(); // no stored address has either; the store would fail or look up '?' instead
        }
        return context.relational().users().findByEmail(email);
    }

    @Override
    public User setEmailVerified(UserId id, boolean verified) {
        Objects.requireNonNull(id, "id");
        return context.relational().users().setEmailVerified(id, verified, context.now());
    }

    @Override
    public User setTwoFactorEnabled(UserId id, boolean enabled) {
        Objects.requireNonNull(id, "id");
        return context.relational().users().setTwoFactorEnabled(id, enabled, context.now());
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
        return reads.usageReport(from, to);
    }

    @Override
    public Optional<UserId> actingAdmin() {
        return reads.actingAdmin();
    }

    @Override
    public Page<AuditEvent> auditLog(AuditQuery query) {
        return reads.auditLog(query);
    }

    @Override
    public Page<AuditEvent> auditLog(UserId user, AuditQuery query) {
        return reads.auditLog(user, query);
    }

    @Override
    public Page<KnowledgeBase> knowledgeBasesOf(UserId owner, PageRequest page, boolean includeDeleted) {
        return reads.knowledgeBases(owner, page, includeDeleted);
    }

    @Override
    public Page<Document> documentsOf(UserId owner, KnowledgeBaseId knowledgeBase, PageRequest page) {
        return reads.documents(owner, knowledgeBase, page);
    }

    @Override
    public Optional<Document> findDocument(UserId owner, DocumentId id) {
        return reads.document(owner, id);
    }

    @Override
    public List<UsageDay> usageOf(UserId user, LocalDate from, LocalDate to) {
        return reads.usage(user, from, to);
    }

    @Override
    public List<SearchHit> search(List<UserId> owners, SearchRequest request) {
        return reads.search(owners, request);
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
