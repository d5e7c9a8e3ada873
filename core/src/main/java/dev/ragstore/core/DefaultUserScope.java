package dev.ragstore.core;

import dev.ragstore.core.apikey.ApiKeys;
import dev.ragstore.core.audit.AuditLog;
import dev.ragstore.core.chat.Chats;
import dev.ragstore.core.document.Documents;
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
        User current = profile();
        // A changed address is no longer verified.
        boolean verified = current.emailVerified() && Objects.equals(current.email(), email);
        return context.relational().users().update(new User(userId, current.username(), email,
                current.passwordHash(), displayName, current.role(), current.active(), verified, current.planId(),
                current.lifetimeTokens(), checkedPreferences, current.lastLoginAt(), current.createdAt(), context.now()));
    }

    @Override
    public void changePassword(String currentPassword, String newPassword) {
        Objects.requireNonNull(currentPassword, "currentPassword");
        NewUser.checkPassword("new password", newPassword);
        // Verified against the store of record, never against a cached (possibly stale) hash.
        User current = context.relational().storeOfRecord().users().findById(userId)
                .orElseThrow(() -> new NotFoundException("user", userId));
        PasswordHashing.Verification verification = context.passwords().verify(currentPassword, current.passwordHash());
        if (!verification.matches()) {
            throw InvalidInputException.withoutValue("current password", "does not match");
        }
        context.relational().users().update(new User(userId, current.username(), current.email(),
                context.passwords().hash(newPassword), current.displayName(), current.role(), current.active(),
                current.emailVerified(), current.planId(), current.lifetimeTokens(), current.preferences(),
                current.lastLoginAt(), current.createdAt(), context.now()));
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
