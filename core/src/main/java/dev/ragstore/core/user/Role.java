package dev.ragstore.core.user;

/** What a user may do: {@code USER} works in its own scope, {@code ADMIN} may also use the admin view. */
public enum Role {
    USER,
    ADMIN
}
