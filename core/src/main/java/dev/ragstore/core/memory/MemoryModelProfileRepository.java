package dev.ragstore.core.memory;

import dev.ragstore.core.document.Document;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.error.ConflictException;
import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.internal.UuidOrder;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.model.ModelProfile;
import dev.ragstore.core.model.ModelProfileId;
import dev.ragstore.core.model.ModelProfileRepository;
import dev.ragstore.core.page.Page;
import dev.ragstore.core.page.PageRequest;
import dev.ragstore.core.user.UserId;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.Objects;
import java.util.Optional;

/**
 * Model profiles in memory. Names are unique per owner (as given); knowledge bases must be the
 * owner's; the owner must exist.
 */
final class MemoryModelProfileRepository implements ModelProfileRepository {

    private final MemoryTables tables;

    MemoryModelProfileRepository(MemoryTables tables) {
        this.tables = tables;
    }

    @Override
    public ModelProfile insert(ModelProfile profile) {
        Objects.requireNonNull(profile, "profile");
        return tables.write(() -> {
            if (tables.modelProfiles.contains(profile.id().value())) {
                throw new ConflictException("model_profile.id.unique", "model profile id '" + profile.id() + "' is already taken");
            }
            tables.requireUser(profile.ownerId());
            checkNameFree(profile);
            checkKnowledgeBases(profile);
            tables.modelProfiles.put(profile.ownerId().value(), profile.id().value(), profile);
            return profile;
        });
    }

    @Override
    public Optional<ModelProfile> findById(UserId owner, ModelProfileId id) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(id, "id");
        return tables.read(() -> Optional.ofNullable(tables.modelProfiles.get(owner.value(), id.value())));
    }

    @Override
    public List<ModelProfile> list(UserId owner) {
        Objects.requireNonNull(owner, "owner");
        return tables.read(() -> List.copyOf(tables.modelProfiles.ofOwner(owner.value()).values()));
    }

    @Override
    public ModelProfile update(ModelProfile profile) {
        Objects.requireNonNull(profile, "profile");
        return tables.write(() -> {
            ModelProfile s = tables.modelProfiles.get(profile.ownerId().value(), profile.id().value());
            if (s == null) {
                throw new NotFoundException("model profile", profile.id());
            }
            checkNameFree(profile);
            checkKnowledgeBases(profile);
            ModelProfile updated = new ModelProfile(s.id(), s.ownerId(), profile.name(), profile.endpoint(),
                    s.sealedApiKey(), profile.description(), profile.status(), profile.knowledgeBaseIds(),
                    s.createdAt(), profile.updatedAt());
            tables.modelProfiles.put(s.ownerId().value(), s.id().value(), updated);
            return updated;
        });
    }

    @Override
    public boolean delete(UserId owner, ModelProfileId id) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(id, "id");
        return tables.write(() -> {
            if (tables.modelProfiles.get(owner.value(), id.value()) == null) {
                return false;
            }
            tables.removeModelProfile(id.value());
            return true;
        });
    }

    @Override
    public Optional<ModelProfile> replaceSealedApiKey(UserId owner, ModelProfileId id, byte[] sealedApiKey, Instant at) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(sealedApiKey, "sealedApiKey");
        Objects.requireNonNull(at, "at");
        return tables.write(() -> {
            ModelProfile s = tables.modelProfiles.get(owner.value(), id.value());
            if (s == null) {
                return Optional.empty();
            }
            ModelProfile updated = s.withSealedApiKey(sealedApiKey).withUpdatedAt(at);
            tables.modelProfiles.put(owner.value(), id.value(), updated);
            return Optional.of(updated);
        });
    }

    @Override
    public boolean linkDocument(UserId owner, ModelProfileId profileId, DocumentId documentId, Instant at) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(profileId, "profileId");
        Objects.requireNonNull(documentId, "documentId");
        Objects.requireNonNull(at, "at");
        return tables.write(() -> {
            if (tables.modelProfiles.get(owner.value(), profileId.value()) == null) {
                throw new NotFoundException("model profile", profileId);
            }
            if (tables.documents.get(owner.value(), documentId.value()) == null) {
                throw new NotFoundException("document", documentId);
            }
            return tables.linkDocument(profileId.value(), documentId.value());
        });
    }

    @Override
    public boolean unlinkDocument(UserId owner, ModelProfileId profileId, DocumentId documentId) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(profileId, "profileId");
        Objects.requireNonNull(documentId, "documentId");
        return tables.write(() -> tables.modelProfiles.get(owner.value(), profileId.value()) != null
                && tables.unlinkDocument(profileId.value(), documentId.value()));
    }

    @Override
    public Page<Document> linkedDocuments(UserId owner, ModelProfileId profileId, PageRequest page) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(profileId, "profileId");
        Objects.requireNonNull(page, "page");
        return tables.read(() -> {
            NavigableMap<UUID, Document> rows = new TreeMap<>(UuidOrder.UNSIGNED);
            if (tables.modelProfiles.get(owner.value(), profileId.value()) != null) {
                for (UUID id : tables.documentIdsLinkedTo(profileId.value())) {
                    Document document = tables.documents.get(owner.value(), id);
                    KnowledgeBase knowledgeBase = document == null ? null
                            : tables.knowledgeBases.get(owner.value(), document.knowledgeBaseId().value());
                    if (knowledgeBase != null && !knowledgeBase.deleted()) {
                        rows.put(id, document);
                    }
                }
            }
            return Paging.page(rows, page, d -> true, Document::id);
        });
    }

    @Override
    public List<ModelProfile> linkedProfiles(UserId owner, DocumentId documentId) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(documentId, "documentId");
        return tables.read(() -> {
            if (tables.documents.get(owner.value(), documentId.value()) == null) {
                return List.of();
            }
            List<ModelProfile> linked = new ArrayList<>();
            for (UUID id : tables.profileIdsLinkedTo(documentId.value())) {
                linked.add(tables.modelProfiles.get(id));
            }
            return List.copyOf(linked);
        });
    }

    private void checkNameFree(ModelProfile candidate) {
        for (ModelProfile other : tables.modelProfiles.ofOwner(candidate.ownerId().value()).values()) {
            if (other.name().equals(candidate.name()) && !other.id().equals(candidate.id())) {
                throw new ConflictException("model_profile.name.unique",
                        "model profile name '" + candidate.name() + "' is already taken");
            }
        }
    }

    private void checkKnowledgeBases(ModelProfile profile) {
        for (KnowledgeBaseId id : profile.knowledgeBaseIds()) {
            if (tables.knowledgeBases.get(profile.ownerId().value(), id.value()) == null) {
                throw new NotFoundException("knowledge base", id);
            }
        }
    }
}
