/**
 * The {@link dev.ragstore.core.RagStore} facade, its builder and the scopes it hands out:
 * {@link dev.ragstore.core.UserScope} (everything one user may do, bound to that user) and
 * {@link dev.ragstore.core.AdminScope} (the only cross-user view). The scopes validate every
 * argument before any store is touched, add the owner to every port call, and read another
 * user's ids as not found. Everything is non-null unless documented otherwise; every type is
 * thread-safe.
 */
package dev.ragstore.core;
