package dev.ragstore.core.user;

import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.plan.PlanId;

import java.util.Objects;

/**
 * An account moved from another system with the password hash it already has (Argon2, bcrypt,
 * password4j's scrypt or PBKDF2, or a legacy format the store's {@link LegacyPasswordVerifier}
 * recognises), so its users keep their passwords. The first successful login replaces an outdated
 * hash with a current one. Build with {@link #builder(String)}; {@link #toString()} masks the hash.
 *
 * @param email         may be {@code null}
 * @param passwordHash  the stored hash as the other system kept it, or {@code null} for an account
 *                      without a password (SSO); checked against the known formats on import
 * @param planId        may be {@code null} (no plan)
 * @since 0.2
 */
public record ImportedUser(String username, String email, String passwordHash, String displayName, Role role,
        PlanId planId, boolean active, boolean emailVerified, boolean twoFactorEnabled) {

    /** The longest accepted password hash, in characters. */
    public static final int MAX_PASSWORD_HASH = 1_024;

    public ImportedUser {
        new NewUser(username, email, null, displayName, role, planId); // checks the fields by a new user's rules
        if (passwordHash != null) {
            checkHashText(passwordHash);
        }
    }

    /** A builder for an active USER named {@code username} (display name the same) without email, plan or password. */
    public static Builder builder(String username) {
        return new Builder(username);
    }

    /** Rejects a hash that cannot be one: blank, too long, or with whitespace or control characters; never echoes it. */
    private static void checkHashText(String hash) {
        if (hash.isEmpty() || hash.length() > MAX_PASSWORD_HASH) {
            throw InvalidInputException.withoutValue("password hash",
                    "must be 1 to " + MAX_PASSWORD_HASH + " characters, but has " + hash.length());
        }
        for (int i = 0; i < hash.length(); i++) {
            char c = hash.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw InvalidInputException.withoutValue("password hash",
                        "must be printable ASCII without spaces, but has U+" + String.format("%04X", (int) c)
                                + " at index " + i);
            }
        }
    }

    @Override
    public String toString() {
        return "ImportedUser[username=" + username + ", email=" + email + ", passwordHash="
                + (passwordHash == null ? "none" : "***") + ", displayName=" + displayName + ", role=" + role
                + ", planId=" + planId + ", active=" + active + ", emailVerified=" + emailVerified
                + ", twoFactorEnabled=" + twoFactorEnabled + "]";
    }

    /** Collects the fields of an {@link ImportedUser}; {@link #build()} checks them. Not thread-safe. */
    public static final class Builder {
        private final String username;
        private String email;
        private String passwordHash;
        private String displayName;
        private Role role = Role.USER;
        private PlanId planId;
        private boolean active = true;
        private boolean emailVerified;
        private boolean twoFactorEnabled;

        private Builder(String username) {
            this.username = username;
        }

        /** The unique email, or {@code null} (the default) for none. */
        public Builder email(String email) {
            this.email = email;
            return this;
        }

        /** The existing hash (never echoed in errors), or {@code null} (the default) for no password. */
        public Builder passwordHash(String passwordHash) {
            this.passwordHash = passwordHash;
            return this;
        }

        /** The display name; the username by default. */
        public Builder displayName(String displayName) {
            this.displayName = displayName;
            return this;
        }

        /** The role; USER by default. */
        public Builder role(Role role) {
            this.role = Objects.requireNonNull(role, "role");
            return this;
        }

        /** The plan, or {@code null} (the default) for none. */
        public Builder planId(PlanId planId) {
            this.planId = planId;
            return this;
        }

        /** Whether the account is active; {@code true} by default. */
        public Builder active(boolean active) {
            this.active = active;
            return this;
        }

        /** Whether the email address was verified by the other system; {@code false} by default. */
        public Builder emailVerified(boolean emailVerified) {
            this.emailVerified = emailVerified;
            return this;
        }

        /** Whether the user had a second factor enabled; {@code false} by default. */
        public Builder twoFactorEnabled(boolean twoFactorEnabled) {
            this.twoFactorEnabled = twoFactorEnabled;
            return this;
        }

        /**
         * The checked record.
         *
         * @throws InvalidInputException for a field that breaks a {@link NewUser} rule or a hash that
         *         is blank, longer than {@value ImportedUser#MAX_PASSWORD_HASH} characters or not
         *         printable ASCII (its value is never echoed)
         */
        public ImportedUser build() {
            return new ImportedUser(username, email, passwordHash, displayName == null ? username : displayName, role,
                    planId, active, emailVerified, twoFactorEnabled);
        }
    }
}
