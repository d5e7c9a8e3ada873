/**
 * Accounts: the {@link dev.ragstore.core.user.User} record, the {@link dev.ragstore.core.user.NewUser} to
 * create one, roles, login through {@link dev.ragstore.core.user.Accounts}, and the repository port
 * adapters implement. Passwords are only ever stored hashed and never printed; a username and an
 * email are unique. Everything is non-null unless documented otherwise.
 */
package dev.ragstore.core.user;
