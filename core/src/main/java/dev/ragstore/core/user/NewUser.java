package dev.ragstore.core.user;

import dev.ragstore.core.internal.Checks;
import dev.ragstore.core.plan.PlanId;

import java.util.Objects;

/**
 * A user to create. The password is hashed before anything is stored and never printed by
 * {@link #toString()}.
 *
 * @param email  may be {@code null}
 * @param password the clear-text password, or {@code null} for an account without one (it signs in
 *                 through an identity provider, SSO, and never logs in with a password)
 * @param planId may be {@code null} (no plan, no quotas)
 */
public record NewUser(String username, String email, String password, String displayName, Role role, PlanId planId) {

    /** Shortest accepted password, in characters. */
    public static final int MIN_PASSWORD = 8;
    /** Longest accepted password, in characters (bcrypt reads at most 72 bytes). */
    public static final int MAX_PASSWORD = 72;

    public NewUser {
        Checks.name("username", username);
        if (email != null) {
            Checks.name("email", email);
            if (!email.contains("@")) {
                throw dev.ragstore.core.error.InvalidInputException.of("email", "must contain '@'", email);
            }
        }
        if (password != null) {
            checkPassword("password", password);
        }
        Checks.name("display name", displayName);
        Objects.requireNonNull(role, "role");
    }

    /** A USER without plan or email whose display name is the username. */
    public static NewUser of(String username, String password) {
        return new NewUser(username, null, password, username, Role.USER, null);
    }

    /**
     * A USER without a password (it signs in through an identity provider, SSO) whose display name
     * is the username.
     *
     * @param email may be {@code null}
     */
    public static NewUser withoutPassword(String username, String email) {
        return new NewUser(username, email, null, username, Role.USER, null);
    }

    /** Checks a clear-text password against the length rules without echoing it. */
    public static String checkPassword(String field, String password) {
        Objects.requireNonNull(password, field);
        if (password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD) {
            throw dev.ragstore.core.error.InvalidInputException.withoutValue(field,
                    "must be " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters, but has " + password.length());
        }
        Checks.text(field, password, MAX_PASSWORD);
        return password;
    }

    @Override
    public String toString() {
        return "NewUser[username=" + username + ", email=" + email + ", password=" + (password == null ? "none" : "***") + ", displayName=" + displayName
                + ", role=" + role + ", planId=" + planId + "]";
    }
}
