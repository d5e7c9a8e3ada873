package dev.ragstore.core;

import dev.ragstore.core.apikey.ApiKeys;
import dev.ragstore.core.audit.AuditLog;
import dev.ragstore.core.chat.Chats;
import dev.ragstore.core.document.Documents;
import dev.ragstore.core.error.ConflictException;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.internal.Checks;
import dev.ragstore.core.internal.PasswordHashing;
import dev.ragstore.core.knowledge.KnowledgeBases;
import dev.ragstore.core.model.ModelProfiles;
import dev.ragstore.core.search.SearchHit;
import dev.ragstore.core.search.SearchRequest;
import dev.ragstore.core.usage.Usage;
import dev.ragstore.core.user.NewUser;
import dev.ragstore.core.user.User;
import dev.ragstore.core.user.UserId;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The scope of one user: every view it hands out is bound to that user's id. */
final class DefaultUserScope implements UserScope {

    private static final String EMAIL_UNAVAILABLE = "user.email.unavailable";

    private final StoreContext context;
    private final UserId userId;
    private final KnowledgeBases knowledgeBases;
    private final Documents documents;
    private final Chats chats;
    private final ScopedSearch search;
    private final Usage usage;
    private final ApiKeys apiKeys;
    private final ModelProfiles models;
    private final AuditLog audit;

    DefaultUserScope(StoreContext context, UserId userId) {
        this.context = Objects.requireNonNull(context, "context");
        this.userId = Objects.requireNonNull(userId, "userId");
        this.knowledgeBases = new DefaultKnowledgeBases(context, userId);
        this.documents = new DefaultDocuments(context, userId);
        this.chats = new DefaultChats(context, userId);
        this.search = new ScopedSearch(context, userId);
        this.usage = new DefaultUsage(context, userId);
        this.apiKeys = new DefaultApiKeys(context, userId);
        this.models = new DefaultModelProfiles(context, userId);
        this.audit = new DefaultAuditLog(context, userId);
    }

    @Override
    public UserId userId() {
        return userId;
    }

    @Override
    public User profile() {
        return Lookups.user(context, userId);
    }

    @Override
    public User updateProfile(String displayName, String email, Map<String, ?> preferences) {
        Checks.name("display name", displayName);
        if (email != null) {
            Checks.name("email", email);
            if (!email.contains("@")) {
                throw InvalidInputException.of("email", "must contain '@'", email);
            }
        }
        Map<String, Object> checkedPreferences = Checks.metadata(preferences);
        // One write of these columns only; a changed address is no longer verified (decided by the same write).
        try {
            return context.relational().users().updateProfile(userId, displayName, email, checkedPreferences, context.now());
        } catch (ConflictException e) {
            if (!"user.email.unique".equals(e.rule())) {
                throw e;
            }
            // Generic on purpose, and without the store's message or cause (which say that
            // another account has this address): see UserScope#updateProfile.
            throw new ConflictException(EMAIL_UNAVAILABLE, "the email address cannot be used for this account (rule "
                    + EMAIL_UNAVAILABLE + ")");
        }
    }

    @Override
    public void changePassword(String currentPassword, String newPassword) {
        Objects.requireNonNull(currentPassword, "currentPassword");
        NewUser.checkPassword("new password", newPassword);
        // Verified against the store of record, never against a cached (possibly stale) hash.
        User current = context.relational().storeOfRecord().users().findById(userId)
                .orElseThrow(() -> new NotFoundException("user", userId));
        if (!current.hasPassword()) {
            throw InvalidInputException.withoutValue("current password",
                    "cannot be checked: the account has no password (it signs in through an identity provider)");
        }
        PasswordHashing.Verification verification = context.passwords().verify(currentPassword, current.passwordHash());
        if (!verification.matches()) {
            throw InvalidInputException.withoutValue("current password", "does not match");
        }
        // Only the hash, and only if it is still the one just verified: a password changed
        // meanwhile (by another session) is not overwritten with one set against the old password.
        if (context.relational().users().replacePasswordHash(userId, current.passwordHash(),
                context.passwords().hash(newPassword), context.now()).isEmpty()) {
            throw InvalidInputException.withoutValue("current password",
                    "does not match (the password was changed while this change was being checked)");
        }
    }

    @Override
    public User setTwoFactorEnabled(boolean enabled) {
        return context.relational().users().setTwoFactorEnabled(userId, enabled, context.now());
    }

    @Override
    public KnowledgeBases knowledgeBases() {
        return knowledgeBases;
    }

    @Override
    public Documents documents() {
        return documents;
    }

    @Override
    public Chats chats() {
        return chats;
    }

    @Override
    public List<SearchHit> search(SearchRequest request) {
        return search.search(request);
    }

    @Override
    public Usage usage() {
        return usage;
    }

    @Override
    public ApiKeys apiKeys() {
        return apiKeys;
    }

    @Override
    public ModelProfiles models() {
        return models;
    }

    @Override
    public AuditLog audit() {
        return audit;
    }

    @Override
    public String toString() {
        return "UserScope[" + userId + "]";
    }
}
