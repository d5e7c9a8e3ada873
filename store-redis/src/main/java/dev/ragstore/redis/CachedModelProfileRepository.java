package dev.ragstore.redis;

import dev.ragstore.core.document.Document;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.model.ModelProfile;
import dev.ragstore.core.model.ModelProfileId;
import dev.ragstore.core.model.ModelProfileRepository;
import dev.ragstore.core.page.Page;
import dev.ragstore.core.page.PageRequest;
import dev.ragstore.core.user.UserId;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Caches model profiles by owner and id ({@code user:{owner}:model_config:<id>}, the seed's
 * {@code model_config} type); a cached profile is served only to its owner. The sealed API key
 * never reaches Redis: the entry holds its fingerprint and this process keeps the key
 * ({@link dev.ragstore.redis.internal.SecretMemory}). Updates, key rotations and deletes invalidate
 * the entry. Document links and lists are not cached (links are not part of the cached record).
 */
final class CachedModelProfileRepository implements ModelProfileRepository {

    private final ModelProfileRepository delegate;
    private final ReadThrough cache;

    CachedModelProfileRepository(ModelProfileRepository delegate, ReadThrough cache) {
        this.delegate = delegate;
        this.cache = cache;
    }

    @Override
    public ModelProfile insert(ModelProfile profile) {
        return delegate.insert(profile);
    }

    @Override
    public Optional<ModelProfile> findById(UserId owner, ModelProfileId id) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(id, "id");
        return cache.find(cache.redis().keys().modelProfile(owner, id), cache.redis().keys().cacheGeneration(owner),
                ModelProfile.class, profile -> profile.ownerId().equals(owner) && profile.id().equals(id),
                () -> delegate.findById(owner, id));
    }

    @Override
    public List<ModelProfile> list(UserId owner) {
        return delegate.list(owner);
    }

    @Override
    public ModelProfile update(ModelProfile profile) {
        ModelProfile updated = delegate.update(profile);
        cache.invalidate(cache.redis().keys().modelProfile(updated.ownerId(), updated.id()));
        return updated;
    }

    @Override
    public Optional<ModelProfile> replaceSealedApiKey(UserId owner, ModelProfileId id, byte[] sealedApiKey, Instant at) {
        Optional<ModelProfile> updated = delegate.replaceSealedApiKey(owner, id, sealedApiKey, at);
        updated.ifPresent(profile -> cache.invalidate(cache.redis().keys().modelProfile(profile.ownerId(), profile.id())));
        return updated;
    }

    @Override
    public boolean linkDocument(UserId owner, ModelProfileId profileId, DocumentId documentId, Instant at) {
        return delegate.linkDocument(owner, profileId, documentId, at);
    }

    @Override
    public boolean unlinkDocument(UserId owner, ModelProfileId profileId, DocumentId documentId) {
        return delegate.unlinkDocument(owner, profileId, documentId);
    }

    @Override
    public Page<Document> linkedDocuments(UserId owner, ModelProfileId profileId, PageRequest page) {
        return delegate.linkedDocuments(owner, profileId, page);
    }

    @Override
    public List<ModelProfile> linkedProfiles(UserId owner, DocumentId documentId) {
        return delegate.linkedProfiles(owner, documentId);
    }

    @Override
    public boolean delete(UserId owner, ModelProfileId id) {
        boolean existed = delegate.delete(owner, id);
        if (existed) {
            cache.invalidate(cache.redis().keys().modelProfile(owner, id));
        }
        return existed;
    }
}
