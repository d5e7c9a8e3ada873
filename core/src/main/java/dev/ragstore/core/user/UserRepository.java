package dev.ragstore.core.user;

import dev.ragstore.core.page.Page;
import dev.ragstore.core.page.PageRequest;

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
     */
    User insert(User user);

    Optional<User> findById(UserId id);

    Optional<User> findByUsername(String username);

    Optional<User> findByEmail(String email);

    /** Users ordered by id. */
    Page<User> list(PageRequest page);

    /**
     * Replaces the mutable fields (email, password hash, display name, role, active, email
     * verified, plan, preferences, last login, updated at); {@code lifetimeTokens} and
     * {@code createdAt} are kept as stored.
     *
     * @throws dev.ragstore.core.error.NotFoundException if the user or the plan does not exist
     * @throws dev.ragstore.core.error.ConflictException rule {@code user.email.unique}
     */
    User update(User user);

    /**
     * Deletes the user and, by the deletion rules, their sessions, documents, knowledge bases,
     * usage, keys and model profiles; messages they authored elsewhere keep their text with the
     * author set to null.
     *
     * @return whether the user existed
     */
    boolean delete(UserId id);
}
