package dev.ragstore.core;

import dev.ragstore.core.audit.AuditEvent;
import dev.ragstore.core.audit.AuditQuery;
import dev.ragstore.core.document.Document;
import dev.ragstore.core.document.DocumentId;
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

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The only cross-user view: user and plan management, usage reports, and reads of any user's
 * audit log, knowledge bases, documents and usage, and search across owners. Obtained from
 * {@link RagStore#admin(UserId)} (reads recorded with that admin's id) or {@link RagStore#admin()}
 * (reads recorded without a user); thread-safe. Guarding who may call it is the host's job.
 *
 * <p>Every read of other users' rows ({@link #auditLog}, {@link #knowledgeBasesOf},
 * {@link #documentsOf}, {@link #findDocument}, {@link #usageOf}, {@link #usageReport},
 * {@link #search}) first appends an audit event whose action starts with {@code admin.} and whose
 * details name the {@code subject} (a user id, or {@code "all"}); an attempt that then fails stays
 * recorded. With an acting admin, that user must exist ({@link dev.ragstore.core.error.NotFoundException}),
 * be active and have the role ADMIN ({@link dev.ragstore.core.error.InvalidInputException} naming
 * {@code actingAdmin}), checked in the store of record on every read.
 */
public interface AdminScope {

    /**
     * Creates a user with a hashed password, or without one ({@link NewUser#withoutPassword}).
     *
     * @throws dev.ragstore.core.error.ConflictException if the username or email is taken
     * @throws dev.ragstore.core.error.NotFoundException if the plan does not exist
     * @throws dev.ragstore.core.error.ConflictException rule {@code plan.inactive} if the plan is
     *         inactive; nothing is written
     */
    User createUser(NewUser user);

    Optional<User> findUser(UserId id);

    Optional<User> findUserByUsername(String username);

    /** The user with that email (exact match, as stored). @since 0.2 */
    Optional<User> findUserByEmail(String email);

    /**
     * Creates a user moved from another system with its existing password hash (Argon2, bcrypt,
     * password4j scrypt or PBKDF2, or a legacy format the store's
     * {@link dev.ragstore.core.user.LegacyPasswordVerifier#recognises recognises}), flags as given.
     * The user logs in with the old password; the first login stores a current (Argon2id) hash
     * in place of an outdated one.
     *
     * @throws dev.ragstore.core.error.InvalidInputException rule of field {@code password hash} if
     *         the hash is in no format a password could match (the hash is never echoed)
     * @throws dev.ragstore.core.error.ConflictException if the username or email is taken
     * @throws dev.ragstore.core.error.NotFoundException if the plan does not exist
     * @since 0.2
     */
    User importUser(ImportedUser user);

    /** Sets whether the user's email address is verified. @throws dev.ragstore.core.error.NotFoundException for an unknown user @since 0.2 */
    User setEmailVerified(UserId id, boolean verified);

    /** Sets whether the user has a second factor enabled. @throws dev.ragstore.core.error.NotFoundException for an unknown user @since 0.2 */
    User setTwoFactorEnabled(UserId id, boolean enabled);

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

    /** Every user's usage in {@code [from, to]}, ordered by day then user. Audited as {@code admin.usage.read}. */
    List<UsageDay> usageReport(LocalDate from, LocalDate to);

    /** The admin whose id the audit events of this view's reads carry, or empty for {@link RagStore#admin()}. @since 0.2 */
    Optional<UserId> actingAdmin();

    /**
     * Every user's audit events matching {@code query} (events without a user included), ordered
     * by id. Audited as {@code admin.audit_log.read}.
     *
     * @since 0.2
     */
    Page<AuditEvent> auditLog(AuditQuery query);

    /** One user's audit events matching {@code query}, ordered by id. Audited as {@code admin.audit_log.read}. @since 0.2 */
    Page<AuditEvent> auditLog(UserId user, AuditQuery query);

    /**
     * The owner's knowledge bases ordered by id, soft-deleted ones only when asked. Audited as
     * {@code admin.knowledge_bases.read}.
     *
     * @throws dev.ragstore.core.error.NotFoundException for an unknown owner
     * @since 0.2
     */
    Page<KnowledgeBase> knowledgeBasesOf(UserId owner, PageRequest page, boolean includeDeleted);

    /**
     * The documents of one of the owner's knowledge bases ordered by id. Audited as
     * {@code admin.documents.read}.
     *
     * @throws dev.ragstore.core.error.NotFoundException if the owner has no such knowledge base
     * @since 0.2
     */
    Page<Document> documentsOf(UserId owner, KnowledgeBaseId knowledgeBase, PageRequest page);

    /** One of the owner's documents, or empty. Audited as {@code admin.document.read}. @since 0.2 */
    Optional<Document> findDocument(UserId owner, DocumentId id);

    /**
     * The user's daily usage in {@code [from, to]} (days with usage, oldest first). Audited as
     * {@code admin.usage.read}.
     *
     * @throws dev.ragstore.core.error.NotFoundException for an unknown user
     * @since 0.2
     */
    List<UsageDay> usageOf(UserId user, LocalDate from, LocalDate to);

    /**
     * Runs {@code request} over the live knowledge bases of {@code owners} (empty: every user), one
     * owner-scoped search each, and merges the hits best first (ties by chunk id), at most
     * {@code topK}; each hit's chunk names its owner. Knowledge bases the request names must each
     * belong to one of {@code owners}. Scores are merged as they are: VECTOR scores compare across
     * owners, KEYWORD (BM25) scores use each owner's own statistics, HYBRID scores are rank fusions.
     * The cost is one search per owner. Audited as {@code admin.search} (mode, topK and counts; not
     * the query text).
     *
     * @param owners at most 1,000 users; empty means every user
     * @throws dev.ragstore.core.error.InvalidInputException if the request names knowledge bases and
     *         {@code owners} is empty, or as {@link UserScope#search} does
     * @throws dev.ragstore.core.error.NotFoundException for an unknown owner, or a named knowledge
     *         base that no owner holds live
     * @since 0.2
     */
    List<SearchHit> search(List<UserId> owners, SearchRequest request);
}
