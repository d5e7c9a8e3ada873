package dev.ragstore.core.memory;

import dev.ragstore.core.document.Document;
import dev.ragstore.core.error.ConflictException;
import dev.ragstore.core.error.NotFoundException;
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
import java.util.UUID;

/**
 * Knowledge bases in memory. A name is unique among the owner's live (not soft-deleted)
 * knowledge bases, compared as given. The owner must exist.
 */
final class MemoryKnowledgeBaseRepository implements KnowledgeBaseRepository {

    private final MemoryTables tables;
    private final Cascades cascades;

    MemoryKnowledgeBaseRepository(MemoryTables tables, Cascades cascades) {
        this.tables = tables;
        this.cascades = cascades;
    }

    @Override
    public KnowledgeBase insert(KnowledgeBase knowledgeBase) {
        Objects.requireNonNull(knowledgeBase, "knowledgeBase");
        return tables.write(() -> {
            if (tables.knowledgeBases.contains(knowledgeBase.id().value())) {
                throw new ConflictException("knowledge_base.id.unique",
                        "knowledge base id '" + knowledgeBase.id() + "' is already taken");
            }
            tables.requireUser(knowledgeBase.ownerId());
            checkNameFree(knowledgeBase);
            tables.knowledgeBases.put(knowledgeBase.ownerId().value(), knowledgeBase.id().value(), knowledgeBase);
            return knowledgeBase;
        });
    }

    @Override
    public Optional<KnowledgeBase> findById(UserId owner, KnowledgeBaseId id) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(id, "id");
        return tables.read(() -> Optional.ofNullable(tables.knowledgeBases.get(owner.value(), id.value())));
    }

    @Override
    public Page<KnowledgeBase> list(UserId owner, PageRequest page, boolean includeDeleted) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(page, "page");
        return tables.read(() -> Paging.page(tables.knowledgeBases.ofOwner(owner.value()), page,
                kb -> includeDeleted || !kb.deleted(), KnowledgeBase::id));
    }

    @Override
    public Page<KnowledgeBase> listDeleted(UserId owner, PageRequest page) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(page, "page");
        return tables.read(() -> Paging.page(tables.knowledgeBases.ofOwner(owner.value()), page, KnowledgeBase::deleted,
                KnowledgeBase::id));
    }

    @Override
    public KnowledgeBase update(KnowledgeBase knowledgeBase) {
        Objects.requireNonNull(knowledgeBase, "knowledgeBase");
        return tables.write(() -> {
            UUID owner = knowledgeBase.ownerId().value();
            KnowledgeBase stored = tables.knowledgeBases.get(owner, knowledgeBase.id().value());
            if (stored == null || stored.deleted()) {
                throw new NotFoundException("knowledge base", knowledgeBase.id());
            }
            KnowledgeBase updated = new KnowledgeBase(stored.id(), stored.ownerId(), knowledgeBase.name(),
                    knowledgeBase.description(), stored.embeddingSpace(), knowledgeBase.metadata(),
                    null, stored.createdAt(), knowledgeBase.updatedAt());
            checkNameFree(updated);
            tables.knowledgeBases.put(owner, updated.id().value(), updated);
            return updated;
        });
    }

    @Override
    public Optional<KnowledgeBase> softDelete(UserId owner, KnowledgeBaseId id, Instant at) {
        return setDeletedAt(owner, id, true, at);
    }

    @Override
    public Optional<KnowledgeBase> restore(UserId owner, KnowledgeBaseId id, Instant at) {
        return setDeletedAt(owner, id, false, at);
    }

    /** Soft-deletes a live one ({@code delete}) or restores a deleted one, in one locked step. */
    private Optional<KnowledgeBase> setDeletedAt(UserId owner, KnowledgeBaseId id, boolean delete, Instant at) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        return tables.write(() -> {
            KnowledgeBase stored = tables.knowledgeBases.get(owner.value(), id.value());
            if (stored == null || stored.deleted() == delete) {
                return Optional.empty();
            }
            KnowledgeBase updated = new KnowledgeBase(stored.id(), stored.ownerId(), stored.name(), stored.description(),
                    stored.embeddingSpace(), stored.metadata(), delete ? at : null, stored.createdAt(), at);
            checkNameFree(updated);
            tables.knowledgeBases.put(owner.value(), id.value(), updated);
            return Optional.of(updated);
        });
    }

    @Override
    public boolean delete(UserId owner, KnowledgeBaseId id) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(id, "id");
        return tables.write(() -> {
            if (tables.knowledgeBases.get(owner.value(), id.value()) == null) {
                return false;
            }
            cascades.deleteKnowledgeBase(owner.value(), id.value());
            return true;
        });
    }

    @Override
    public Optional<KnowledgeBaseStats> stats(UserId owner, KnowledgeBaseId id) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(id, "id");
        return tables.read(() -> {
            if (tables.knowledgeBases.get(owner.value(), id.value()) == null) {
                return Optional.empty();
            }
            long documents = 0;
            long chunks = 0;
            long pages = 0;
            long bytes = 0;
            for (UUID documentId : tables.documentIdsOf(id.value())) {
                Document document = tables.documents.get(documentId);
                documents++;
                pages += document.pages();
                bytes += document.sizeBytes();
                chunks += tables.chunksOf(documentId).size();
            }
            return Optional.of(new KnowledgeBaseStats(id, documents, chunks, pages, bytes));
        });
    }

    /** A live knowledge base needs a name no other live one of the owner has. */
    private void checkNameFree(KnowledgeBase candidate) {
        if (candidate.deleted()) {
            return;
        }
        for (KnowledgeBase other : tables.knowledgeBases.ofOwner(candidate.ownerId().value()).values()) {
            if (!other.deleted() && other.name().equals(candidate.name()) && !other.id().equals(candidate.id())) {
                throw new ConflictException("knowledge_base.name.unique",
                        "knowledge base name '" + candidate.name() + "' is already taken");
            }
        }
    }
}
