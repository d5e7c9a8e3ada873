package dev.ragstore.redis;

import dev.ragstore.core.apikey.ApiKeyRepository;
import dev.ragstore.core.audit.AuditRepository;
import dev.ragstore.core.chat.ChatRepository;
import dev.ragstore.core.chunk.ChunkRepository;
import dev.ragstore.core.document.DocumentRepository;
import dev.ragstore.core.knowledge.KnowledgeBaseRepository;
import dev.ragstore.core.model.ModelProfileRepository;
import dev.ragstore.core.plan.PlanRepository;
import dev.ragstore.core.spi.RelationalStore;
import dev.ragstore.core.usage.UsageRepository;
import dev.ragstore.core.user.UserRepository;

import java.util.Objects;

/**
 * A relational store with a Redis read-through cache in front of users, plans, knowledge bases
 * and model profiles (by id; users also by name, plans by name), and a recent-messages cache for
 * chat history. Every other repository, and every list, is passed through.
 *
 * <p>Consistency: every write through this store invalidates what it changes after it committed
 * (cascades included: deleting a user or purging a knowledge base invalidates the owner's whole
 * cache), and fills are versioned, so a read racing a write never leaves a stale entry. Entries
 * are keyed by owner and checked against the owner before they are served. Writes made to the
 * underlying store <em>directly</em>, bypassing this wrapper, are seen only after the cache TTL.
 *
 * <p>When Redis is down, reads go to the underlying store and writes succeed; the invalidations
 * they could not make are replayed when Redis returns, before this process reads the cache again.
 * Thread-safe.
 *
 * @since 0.1
 */
public final class RedisCachedRelationalStore implements RelationalStore {

    private final RelationalStore delegate;
    private final UserRepository users;
    private final PlanRepository plans;
    private final KnowledgeBaseRepository knowledgeBases;
    private final ModelProfileRepository modelProfiles;
    private final ChatRepository chats;
    private final UsageRepository usage;

    private RedisCachedRelationalStore(RelationalStore delegate, RedisStore redis) {
        this.delegate = delegate;
        ReadThrough cache = new ReadThrough(redis, delegate);
        this.users = new CachedUserRepository(delegate.users(), cache);
        this.plans = new CachedPlanRepository(delegate.plans(), cache);
        this.knowledgeBases = new CachedKnowledgeBaseRepository(delegate.knowledgeBases(), cache);
        this.modelProfiles = new CachedModelProfileRepository(delegate.modelProfiles(), cache);
        this.chats = new CachedChatRepository(delegate.chats(), cache);
        this.usage = new CachedUsageRepository(delegate.usage(), cache);
    }

    /**
     * Wraps {@code delegate} with caches kept in {@code redis} (its prefix, cache TTL and history
     * size). All writes of the application must go through the returned store.
     */
    public static RedisCachedRelationalStore wrap(RelationalStore delegate, RedisStore redis) {
        return new RedisCachedRelationalStore(Objects.requireNonNull(delegate, "delegate"), Objects.requireNonNull(redis, "redis"));
    }

    /** The underlying store's name, e.g. {@code "postgresql"}. */
    @Override
    public String name() {
        return delegate.name();
    }

    /** Users cached by id (and by name through a verified mapping). */
    @Override
    public UserRepository users() {
        return users;
    }

    /** Plans cached by id (and by name through a verified mapping). */
    @Override
    public PlanRepository plans() {
        return plans;
    }

    @Override
    public ApiKeyRepository apiKeys() {
        return delegate.apiKeys();
    }

    /** Knowledge bases cached by owner and id; lists and stats pass through. */
    @Override
    public KnowledgeBaseRepository knowledgeBases() {
        return knowledgeBases;
    }

    @Override
    public DocumentRepository documents() {
        return delegate.documents();
    }

    @Override
    public ChunkRepository chunks() {
        return delegate.chunks();
    }

    /** Conversation paths and newest messages cached; sessions pass through. */
    @Override
    public ChatRepository chats() {
        return chats;
    }

    /** Passes through; writes refresh the cached user (lifetime tokens). */
    @Override
    public UsageRepository usage() {
        return usage;
    }

    /** Model profiles cached by owner and id; lists pass through. */
    @Override
    public ModelProfileRepository modelProfiles() {
        return modelProfiles;
    }

    @Override
    public AuditRepository audit() {
        return delegate.audit();
    }

    /** The wrapped store (its own store of record): authentication reads users there, never from the cache. */
    @Override
    public RelationalStore storeOfRecord() {
        return delegate.storeOfRecord();
    }

    /** Runs {@code action} when the wrapped store's transaction on this thread ends (see {@link RelationalStore#afterCompletion}). */
    @Override
    public void afterCompletion(Runnable action) {
        delegate.afterCompletion(action);
    }

    @Override
    public boolean inTransactionOnThisThread() {
        return delegate.inTransactionOnThisThread();
    }

    /** Runs {@code work} in the wrapped store's transaction (no cached aggregate is written by it). */
    @Override
    public <T> T inTransaction(dev.ragstore.core.user.UserId owner, java.util.function.Supplier<T> work) {
        return delegate.inTransaction(owner, work);
    }

    /** Closes the underlying store; the {@link RedisStore} is closed by its own owner. */
    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public String toString() {
        return "RedisCachedRelationalStore[" + delegate.name() + "]";
    }
}
