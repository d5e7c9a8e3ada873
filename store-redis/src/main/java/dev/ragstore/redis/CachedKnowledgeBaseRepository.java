package dev.ragstore.redis;

import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.knowledge.KnowledgeBaseRepository;
import dev.ragstore.core.knowledge.KnowledgeBaseStats;
import dev.ragstore.core.page.Page;
import dev.ragstore.core.page.PageRequest;
import dev.ragstore.core.user.UserId;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Caches knowledge bases by owner and id ({@code user:{owner}:knowledge_base:<id>}); a cached
 * record is served only to its owner. Updates (soft delete included) invalidate the entry; a
 * purge bumps the owner's generation, since it also changes the owner's model profiles.
 * Lists and stats are not cached.
 */
final class CachedKnowledgeBaseRepository implements KnowledgeBaseRepository {

    private final KnowledgeBaseRepository delegate;
    private final ReadThrough cache;

    CachedKnowledgeBaseRepository(KnowledgeBaseRepository delegate, ReadThrough cache) {
        this.delegate = delegate;
        this.cache = cache;
    }

    @Override
    public KnowledgeBase insert(KnowledgeBase knowledgeBase) {
        return delegate.insert(knowledgeBase);
    }

    @Override
    public Optional<KnowledgeBase> findById(UserId owner, KnowledgeBaseId id) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(id, "id");
        return cache.find(cache.redis().keys().knowledgeBase(owner, id), cache.redis().keys().cacheGeneration(owner),
                KnowledgeBase.class, kb -> kb.ownerId().equals(owner) && kb.id().equals(id), () -> delegate.findById(owner, id));
    }

    @Override
    public Page<KnowledgeBase> list(UserId owner, PageRequest page, boolean includeDeleted) {
        return delegate.list(owner, page, includeDeleted);
    }

    @Override
    public Page<KnowledgeBase> listDeleted(UserId owner, PageRequest page) {
        return delegate.listDeleted(owner, page);
    }

    @Override
    public KnowledgeBase update(KnowledgeBase knowledgeBase) {
        KnowledgeBase updated = delegate.update(knowledgeBase);
        cache.invalidate(cache.redis().keys().knowledgeBase(updated.ownerId(), updated.id()));
        return updated;
    }

    @Override
    public Optional<KnowledgeBase> softDelete(UserId owner, KnowledgeBaseId id, Instant at) {
        Optional<KnowledgeBase> updated = delegate.softDelete(owner, id, at);
        updated.ifPresent(kb -> cache.invalidate(cache.redis().keys().knowledgeBase(kb.ownerId(), kb.id())));
        return updated;
    }

    @Override
    public Optional<KnowledgeBase> restore(UserId owner, KnowledgeBaseId id, Instant at) {
        Optional<KnowledgeBase> updated = delegate.restore(owner, id, at);
        updated.ifPresent(kb -> cache.invalidate(cache.redis().keys().knowledgeBase(kb.ownerId(), kb.id())));
        return updated;
    }

    @Override
    public boolean delete(UserId owner, KnowledgeBaseId id) {
        boolean existed = delegate.delete(owner, id);
        if (existed) {
            cache.bumpGenerations(cache.redis().keys().cacheGeneration(owner));
        }
        return existed;
    }

    @Override
    public Optional<KnowledgeBaseStats> stats(UserId owner, KnowledgeBaseId id) {
        return delegate.stats(owner, id);
    }
}
