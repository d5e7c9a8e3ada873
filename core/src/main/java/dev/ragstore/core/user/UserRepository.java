package dev.ragstore.core.user;

import dev.ragstore.core.page.Page;
import dev.ragstore.core.page.PageRequest;

import dev.ragstore.core.plan.PlanId;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Port: stores users. Not owner-scoped; only the admin view and authentication use it.
 * Implementations are thread-safe.
 */
public interface UserRepository {

    /**
     * Stores a new user.
     *
     * @throws dev.ragstore.core.error.ConflictException rule {@code user.username.unique} or {@code user.email.unique}
     * @throws dev.ragstore.core.error.NotFoundException if the plan does not exist
     * @throws dev.ragstore.core.error.ConflictException rule {@code plan.inactive} (see
     *         {@link dev.ragstore.core.plan.PlanRepository#inactive}) if the plan is inactive; the
     *         check and the insert are atomic with respect to the plan's deactivation
     */
    User insert(User user);

    Optional<User> findById(UserId id);

    Optional<User> findByUsername(String username);

    Optional<User> findByEmail(String email);

    /** Users ordered by id. */
    Page<User> list(PageRequest page);

    /**
     * Replaces the mutable fields (email, password hash, display name, role, active, email
     * verified, two-factor enabled, plan, preferences, last login, updated at); {@code lifetimeTokens} and
     * {@code createdAt} are kept as stored.
     *
     * <p>A whole-row write: whatever changed since {@code user} was read is overwritten. The
     * facade never uses it (it writes through the single-purpose methods below, each touching
     * only its own columns, so concurrent logins, password changes, profile updates and admin
     * changes never revert each other); it is here for hosts that import or migrate accounts.
     *
     * @throws dev.ragstore.core.error.NotFoundException if the user or the plan does not exist
     * @throws dev.ragstore.core.error.ConflictException rule {@code user.email.unique}
     */
    User update(User user);

    /**
     * Records a successful password check as one conditional write: sets {@code last_login_at}
     * and {@code updated_at} to {@code at} and, when {@code upgradedHash} is not {@code null},
     * replaces the hash, but only while the user is still active and the stored hash is still
     * {@code expectedHash} (the one the password was verified against; a user without a password
     * never matches). No other column is
     * written, so a concurrent deactivation, role, plan or profile change survives.
     *
     * @return the user as stored after the write, or empty when the user was deleted, deactivated
     *         or got another password hash since it was read (the login must then fail)
     */
    Optional<User> recordLogin(UserId id, String expectedHash, String upgradedHash, Instant at);

    /**
     * Replaces the password hash (and {@code updated_at}) if it is still {@code expectedHash};
     * writes nothing else.
     *
     * @return the user as stored after the write, or empty when the hash changed in between
     * @throws dev.ragstore.core.error.NotFoundException if the user does not exist
     */
    Optional<User> replacePasswordHash(UserId id, String expectedHash, String newHash, Instant at);

    /**
     * Sets display name, email and preferences (and {@code updated_at}); {@code email_verified}
     * is kept when the email is unchanged and cleared when it changes, decided by the same
     * statement. No other column is written.
     *
     * @param email may be {@code null}
     * @throws dev.ragstore.core.error.NotFoundException if the user does not exist
     * @throws dev.ragstore.core.error.ConflictException rule {@code user.email.unique}
     */
    User updateProfile(UserId id, String displayName, String email, Map<String, Object> preferences, Instant at);

    /**
     * Sets only the active flag (and {@code updated_at}).
     *
     * @throws dev.ragstore.core.error.NotFoundException if the user does not exist
     */
    User setActive(UserId id, boolean active, Instant at);

    /**
     * Sets only the role (and {@code updated_at}).
     *
     * @throws dev.ragstore.core.error.NotFoundException if the user does not exist
     */
    User setRole(UserId id, Role role, Instant at);

    /**
     * Sets only the plan (and {@code updated_at}).
     *
     * @param planId the plan, or {@code null} for none
     * @throws dev.ragstore.core.error.NotFoundException if the user or the plan does not exist
     * @throws dev.ragstore.core.error.ConflictException rule {@code plan.inactive} if the plan is
     *         inactive (even when the user is on it already); atomic as for {@link #insert}
     */
    User setPlan(UserId id, PlanId planId, Instant at);

    /**
     * Sets only the email-verified flag (and {@code updated_at}).
     *
     * @throws dev.ragstore.core.error.NotFoundException if the user does not exist
     * @since 0.2
     */
    User setEmailVerified(UserId id, boolean emailVerified, Instant at);

    /**
     * Sets only the two-factor-enabled flag (and {@code updated_at}).
     *
     * @throws dev.ragstore.core.error.NotFoundException if the user does not exist
     * @since 0.2
     */
    User setTwoFactorEnabled(UserId id, boolean enabled, Instant at);

    /**
     * Deletes the user and, by the deletion rules, their sessions, documents, knowledge bases,
     * usage, keys and model profiles; messages they authored elsewhere keep their text with the
     * author set to null.
     *
     * @return whether the user existed
     */
    boolean delete(UserId id);
}
