package dev.ragstore.core.memory;

import dev.ragstore.core.error.ConflictException;
import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.model.ModelProfile;
import dev.ragstore.core.model.ModelProfileId;
import dev.ragstore.core.model.ModelProfileRepository;
import dev.ragstore.core.user.UserId;

import java.util.List;
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
                    profile.sealedApiKey(), profile.description(), profile.status(), profile.knowledgeBaseIds(),
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
            tables.modelProfiles.remove(id.value());
            return true;
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
