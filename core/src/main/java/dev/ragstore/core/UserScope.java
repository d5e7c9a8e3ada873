package dev.ragstore.core;

import dev.ragstore.core.apikey.ApiKeys;
import dev.ragstore.core.audit.AuditLog;
import dev.ragstore.core.chat.Chats;
import dev.ragstore.core.document.Documents;
import dev.ragstore.core.knowledge.KnowledgeBases;
import dev.ragstore.core.model.ModelProfiles;
import dev.ragstore.core.search.SearchHit;
import dev.ragstore.core.search.SearchRequest;
import dev.ragstore.core.usage.Usage;
import dev.ragstore.core.user.User;
import dev.ragstore.core.user.UserId;

import java.util.List;
import java.util.Map;

/**
 * Everything one user may do, bound to that user: no call can name another user's rows, and
 * another user's id reads as not found. Obtained from {@link RagStore#forUser}; thread-safe.
 */
public interface UserScope {

    UserId userId();

    /** The user's current record. @throws dev.ragstore.core.error.NotFoundException if the user was deleted */
    User profile();

    /**
     * Replaces display name, email and preferences, writing only those columns (a concurrent
     * admin change of role, plan or active flag is kept). A changed email is no longer verified.
     *
     * <p>An address another account holds is refused with a generic
     * {@link dev.ragstore.core.error.ConflictException} of rule {@code user.email.unavailable}
     * whose message neither repeats the address nor says that another account has it (the
     * admin view's {@code user.email.unique} does). The refusal itself is inherent to unique
     * addresses, so a host exposing this call to untrusted clients should confirm ownership of
     * a new address (a mailed link) before calling it, and rate-limit it.
     *
     * @param email may be {@code null}
     * @throws dev.ragstore.core.error.ConflictException rule {@code user.email.unavailable} if the address cannot be used
     */
    User updateProfile(String displayName, String email, Map<String, ?> preferences);

    /**
     * Replaces the password after verifying the current one.
     *
     * @throws dev.ragstore.core.error.InvalidInputException if the current password is wrong, the
     *         account has no password (SSO), or the new one breaks the length rule
     */
    void changePassword(String currentPassword, String newPassword);

    /**
     * Records whether the user has a second factor enabled (the factor itself is the host's);
     * writes only that flag.
     *
     * @throws dev.ragstore.core.error.NotFoundException if the user was deleted
     * @since 0.2
     */
    User setTwoFactorEnabled(boolean enabled);

    KnowledgeBases knowledgeBases();

    Documents documents();

    Chats chats();

    /**
     * Searches the user's live knowledge bases. Hits are best first, at most {@code topK}, none
     * below {@code minScore}; hits of deleted documents or soft-deleted knowledge bases never
     * appear.
     *
     * @throws dev.ragstore.core.error.NotFoundException if a named knowledge base is not the user's or is deleted
     * @throws dev.ragstore.core.error.InvalidInputException for a vector of the wrong dimension or a mode the index cannot answer
     */
    List<SearchHit> search(SearchRequest request);

    Usage usage();

    ApiKeys apiKeys();

    ModelProfiles models();

    AuditLog audit();
}
