package dev.ragstore.redis.internal;

import dev.ragstore.core.chat.ChatSessionId;
import dev.ragstore.core.chat.MessageId;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.model.ModelProfileId;
import dev.ragstore.core.plan.PlanId;
import dev.ragstore.core.user.UserId;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The key layout under one prefix, following the seeds' naming. Keys one operation touches
 * together share a Redis Cluster hash slot through a {@code {hash tag}}: a user's keys are tagged
 * with the user id ({@code user:{id}:...}, {@code rate_limit:{id}:...}), a lock and its fence
 * counter with the resource. Thread-safe (immutable).
 */
public final class KeySpace {

    /** The prefix used when none is configured. */
    public static final String DEFAULT_PREFIX = "ragstore:";
    /** What a prefix may contain: braces are excluded because they would become hash tags. */
    public static final String PREFIX_RULE = "[A-Za-z0-9_.:-]{1,64}";

    private static final Pattern PREFIX = Pattern.compile(PREFIX_RULE);
    private static final Pattern CACHE_ENTRY_IN_USER =
            Pattern.compile("user:\\{[^}]*}:(account|knowledge_base:.*|model_config:.*|history:.*|latest:.*)");

    private final String prefix;

    private KeySpace(String prefix) {
        this.prefix = prefix;
    }

    /**
     * A key space under {@code prefix}.
     *
     * @throws InvalidInputException if the prefix does not match {@link #PREFIX_RULE}
     */
    public static KeySpace of(String prefix) {
        return new KeySpace(checkPrefix(prefix));
    }

    /** Returns {@code prefix} when it matches {@link #PREFIX_RULE}. */
    public static String checkPrefix(String prefix) {
        Objects.requireNonNull(prefix, "keyPrefix");
        if (!PREFIX.matcher(prefix).matches()) {
            throw InvalidInputException.of("redis keyPrefix", "must match " + PREFIX_RULE, prefix);
        }
        return prefix;
    }

    public String prefix() {
        return prefix;
    }

    /** A session token's record, under the token's {@link TokenHash} (never the token itself). */
    public String token(String tokenHash) {
        return prefix + "token:" + tokenHash;
    }

    /** Sorted set of a user's token hashes scored by expiry (epoch ms), for revoking them all. */
    public String userTokens(UserId userId) {
        return userKey(userId) + "tokens";
    }

    public String rateLimit(UserId userId, String endpoint) {
        return prefix + "rate_limit:{" + userId + "}:" + endpoint;
    }

    public String lock(String resource) {
        return prefix + "lock:{" + escapeTag(resource) + "}";
    }

    /** The grant counter of a lock; never expires, so fences only ever grow. */
    public String fence(String resource) {
        return lock(resource) + ":fence";
    }

    public String job(String jobId) {
        return prefix + "task:" + jobId;
    }

    /** An entry of the generic {@link dev.ragstore.core.ephemeral.Cache} port. */
    public String cache(String key) {
        return prefix + "cache:" + key;
    }

    public String account(UserId userId) {
        return userKey(userId) + "account";
    }

    public String knowledgeBase(UserId owner, KnowledgeBaseId id) {
        return userKey(owner) + "knowledge_base:" + id;
    }

    public String modelProfile(UserId owner, ModelProfileId id) {
        return userKey(owner) + "model_config:" + id;
    }

    /** The cached tail of the path from the root to {@code leaf}. */
    public String history(UserId owner, MessageId leaf) {
        return userKey(owner) + "history:" + leaf;
    }

    /** The cached newest message of a session. */
    public String latest(UserId owner, ChatSessionId sessionId) {
        return userKey(owner) + "latest:" + sessionId;
    }

    /** Generation of all of a user's cached records; bumping it invalidates them at once. */
    public String cacheGeneration(UserId owner) {
        return userKey(owner) + "cache_gen";
    }

    /** Generation of a user's cached chat history; bumped when a session is deleted. */
    public String historyGeneration(UserId owner) {
        return userKey(owner) + "history_gen";
    }

    public String plan(PlanId id) {
        return prefix + "plan:" + id;
    }

    /** Plan name to plan id (verified against the plan on use, since names change). */
    public String planName(String name) {
        return prefix + "plan_name:" + name;
    }

    /** User name to user id (verified against the user on use). */
    public String username(String username) {
        return prefix + "username:" + username;
    }

    /** The SCAN pattern matching every key of this prefix. */
    public String everything() {
        return prefix + "*";
    }

    /**
     * Whether {@code key} holds cached data that may be thrown away (cache entries, record and
     * history entries, name mappings) as opposed to state (tokens, locks, fences, windows, jobs,
     * generations).
     */
    public boolean isDisposableCacheKey(String key) {
        if (!key.startsWith(prefix)) {
            return false;
        }
        String rest = key.substring(prefix.length());
        return rest.startsWith("cache:") || rest.startsWith("plan:") || rest.startsWith("plan_name:")
                || rest.startsWith("username:") || CACHE_ENTRY_IN_USER.matcher(rest).matches();
    }

    private String userKey(UserId userId) {
        return prefix + "user:{" + userId + "}:";
    }

    // Braces inside a hash tag would end or restart it; escaping keeps distinct resources distinct.
    private static String escapeTag(String text) {
        if (text.indexOf('{') < 0 && text.indexOf('}') < 0 && text.indexOf('%') < 0) {
            return text;
        }
        return text.replace("%", "%25").replace("{", "%7B").replace("}", "%7D");
    }
}
