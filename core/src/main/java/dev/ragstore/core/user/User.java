package dev.ragstore.core.user;

import dev.ragstore.core.plan.PlanId;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * An account. The password hash is never printed by {@link #toString()}. The {@code with...}
 * methods copy it with one component changed; the id, username and creation time have none,
 * since they never change.
 *
 * @param email             unique when present; may be {@code null}
 * @param passwordHash      a hash in the format of the configured password hasher, or {@code null} for
 *                          an account without a password (signing in through an identity provider,
 *                          SSO): it never logs in with a password
 * @param twoFactorEnabled  whether the host asks this user for a second factor (RagStore stores the
 *                          flag; the second factor itself is the host's)
 * @param planId            the user's plan, or {@code null} for no plan (no quotas)
 * @param lifetimeTokens    tokens used since the account was created
 * @param preferences       free-form settings of the host application
 * @param lastLoginAt       may be {@code null}
 */
public record User(
        UserId id,
        String username,
        String email,
        String passwordHash,
        String displayName,
        Role role,
        boolean active,
        boolean emailVerified,
        boolean twoFactorEnabled,
        PlanId planId,
        long lifetimeTokens,
        Map<String, Object> preferences,
        Instant lastLoginAt,
        Instant createdAt,
        Instant updatedAt) {

    public User {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        preferences = dev.ragstore.core.internal.Checks.metadata(preferences);
    }

    /**
     * The record of an account from before two-factor authentication was tracked: the canonical
     * constructor with {@code twoFactorEnabled} {@code false}.
     */
    public User(UserId id, String username, String email, String passwordHash, String displayName, Role role,
            boolean active, boolean emailVerified, PlanId planId, long lifetimeTokens, Map<String, Object> preferences,
            Instant lastLoginAt, Instant createdAt, Instant updatedAt) {
        this(id, username, email, passwordHash, displayName, role, active, emailVerified, false, planId, lifetimeTokens,
                preferences, lastLoginAt, createdAt, updatedAt);
    }

    /** Whether the account has a password; one without (SSO) never logs in with a password. */
    public boolean hasPassword() {
        return passwordHash != null;
    }

    /** A copy with another {@code twoFactorEnabled}. */
    public User withTwoFactorEnabled(boolean twoFactorEnabled) {
        return new User(id, username, email, passwordHash, displayName, role, active, emailVerified, twoFactorEnabled, planId,
                lifetimeTokens, preferences, lastLoginAt, createdAt, updatedAt);
    }

    /** A copy with another {@code email} (may be {@code null}), checked as the canonical constructor checks it. */
    public User withEmail(String email) {
        return new User(id, username, email, passwordHash, displayName, role, active, emailVerified, twoFactorEnabled, planId,
                lifetimeTokens, preferences, lastLoginAt, createdAt, updatedAt);
    }

    /** A copy with another {@code passwordHash} (may be {@code null}: no password), checked as the canonical constructor checks it. */
    public User withPasswordHash(String passwordHash) {
        return new User(id, username, email, passwordHash, displayName, role, active, emailVerified, twoFactorEnabled, planId,
                lifetimeTokens, preferences, lastLoginAt, createdAt, updatedAt);
    }

    /** A copy with another {@code displayName}, checked as the canonical constructor checks it. */
    public User withDisplayName(String displayName) {
        return new User(id, username, email, passwordHash, displayName, role, active, emailVerified, twoFactorEnabled, planId,
                lifetimeTokens, preferences, lastLoginAt, createdAt, updatedAt);
    }

    /** A copy with another {@code role}, checked as the canonical constructor checks it. */
    public User withRole(Role role) {
        return new User(id, username, email, passwordHash, displayName, role, active, emailVerified, twoFactorEnabled, planId,
                lifetimeTokens, preferences, lastLoginAt, createdAt, updatedAt);
    }

    /** A copy with another {@code active}, checked as the canonical constructor checks it. */
    public User withActive(boolean active) {
        return new User(id, username, email, passwordHash, displayName, role, active, emailVerified, twoFactorEnabled, planId,
                lifetimeTokens, preferences, lastLoginAt, createdAt, updatedAt);
    }

    /** A copy with another {@code emailVerified}, checked as the canonical constructor checks it. */
    public User withEmailVerified(boolean emailVerified) {
        return new User(id, username, email, passwordHash, displayName, role, active, emailVerified, twoFactorEnabled, planId,
                lifetimeTokens, preferences, lastLoginAt, createdAt, updatedAt);
    }

    /** A copy with another {@code planId} (may be {@code null}), checked as the canonical constructor checks it. */
    public User withPlanId(PlanId planId) {
        return new User(id, username, email, passwordHash, displayName, role, active, emailVerified, twoFactorEnabled, planId,
                lifetimeTokens, preferences, lastLoginAt, createdAt, updatedAt);
    }

    /** A copy with another {@code lifetimeTokens}, checked as the canonical constructor checks it. */
    public User withLifetimeTokens(long lifetimeTokens) {
        return new User(id, username, email, passwordHash, displayName, role, active, emailVerified, twoFactorEnabled, planId,
                lifetimeTokens, preferences, lastLoginAt, createdAt, updatedAt);
    }

    /** A copy with another {@code preferences}, checked as the canonical constructor checks it. */
    public User withPreferences(Map<String, Object> preferences) {
        return new User(id, username, email, passwordHash, displayName, role, active, emailVerified, twoFactorEnabled, planId,
                lifetimeTokens, preferences, lastLoginAt, createdAt, updatedAt);
    }

    /** A copy with another {@code lastLoginAt} (may be {@code null}), checked as the canonical constructor checks it. */
    public User withLastLoginAt(Instant lastLoginAt) {
        return new User(id, username, email, passwordHash, displayName, role, active, emailVerified, twoFactorEnabled, planId,
                lifetimeTokens, preferences, lastLoginAt, createdAt, updatedAt);
    }

    /** A copy with another {@code updatedAt}, checked as the canonical constructor checks it. */
    public User withUpdatedAt(Instant updatedAt) {
        return new User(id, username, email, passwordHash, displayName, role, active, emailVerified, twoFactorEnabled, planId,
                lifetimeTokens, preferences, lastLoginAt, createdAt, updatedAt);
    }

    @Override
    public String toString() {
        return "User[id=" + id + ", username=" + username + ", email=" + email + ", passwordHash="
                + (passwordHash == null ? "none" : "***") + ", displayName="
                + displayName + ", role=" + role + ", active=" + active + ", emailVerified=" + emailVerified
                + ", twoFactorEnabled=" + twoFactorEnabled + ", planId=" + planId + ", lifetimeTokens=" + lifetimeTokens
                + ", lastLoginAt=" + lastLoginAt
                + ", createdAt=" + createdAt + ", updatedAt=" + updatedAt + "]";
    }
}
