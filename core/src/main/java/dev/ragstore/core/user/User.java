package dev.ragstore.core.user;

import dev.ragstore.core.plan.PlanId;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * An account. The password hash is never printed by {@link #toString()}.
 *
 * @param email             unique when present; may be {@code null}
 * @param passwordHash      a hash in the format of the configured password hasher
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
        PlanId planId,
        long lifetimeTokens,
        Map<String, Object> preferences,
        Instant lastLoginAt,
        Instant createdAt,
        Instant updatedAt) {

    public User {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        preferences = dev.ragstore.core.internal.Checks.metadata(preferences);
    }

    @Override
    public String toString() {
        return "User[id=" + id + ", username=" + username + ", email=" + email + ", passwordHash=***, displayName="
                + displayName + ", role=" + role + ", active=" + active + ", emailVerified=" + emailVerified
                + ", planId=" + planId + ", lifetimeTokens=" + lifetimeTokens + ", lastLoginAt=" + lastLoginAt
                + ", createdAt=" + createdAt + ", updatedAt=" + updatedAt + "]";
    }
}
