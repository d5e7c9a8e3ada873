package dev.ragstore.core;

import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.internal.Checks;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.knowledge.KnowledgeBaseStats;
import dev.ragstore.core.knowledge.KnowledgeBases;
import dev.ragstore.core.page.Page;
import dev.ragstore.core.page.PageRequest;
import dev.ragstore.core.user.UserId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The knowledge bases of one user over the relational store and the vector index. */
final class DefaultKnowledgeBases implements KnowledgeBases {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultKnowledgeBases.class);

    private final StoreContext context;
    private final UserId owner;

    DefaultKnowledgeBases(StoreContext context, UserId owner) {
        this.context = context;
        this.owner = owner;
    }

    @Override
    public KnowledgeBase create(String name, String description, Map<String, ?> metadata) {
        Objects.requireNonNull(metadata, "metadata");
        Instant now = context.now();
        KnowledgeBase knowledgeBase = new KnowledgeBase(new KnowledgeBaseId(context.ids().next()), owner, name,
                description, context.embedder().space().name(), Checks.metadata(metadata), null, now, now);
        return context.relational().knowledgeBases().insert(knowledgeBase);
    }

    @Override
    public Optional<KnowledgeBase> find(KnowledgeBaseId id) {
        Objects.requireNonNull(id, "id");
        return context.relational().knowledgeBases().findById(owner, id).filter(knowledgeBase -> !knowledgeBase.deleted());
    }

    @Override
    public Page<KnowledgeBase> list(PageRequest page) {
        Objects.requireNonNull(page, "page");
        return context.relational().knowledgeBases().list(owner, page, false);
    }

    @Override
    public Page<KnowledgeBase> listDeleted(PageRequest page) {
        Objects.requireNonNull(page, "page");
        return context.relational().knowledgeBases().listDeleted(owner, page);
    }

    @Override
    public KnowledgeBase update(KnowledgeBaseId id, String name, String description, Map<String, ?> metadata) {
        Objects.requireNonNull(id, "id");
        Checks.name("knowledge base name", name);
        Checks.text("knowledge base description", description, Checks.MAX_DESCRIPTION);
        Map<String, Object> checkedMetadata = Checks.metadata(metadata);
        KnowledgeBase current = Lookups.liveKnowledgeBase(context, owner, id);
        return context.relational().knowledgeBases().update(new KnowledgeBase(id, owner, name, description,
                current.embeddingSpace(), checkedMetadata, null, current.createdAt(), context.now()));
    }

    @Override
    public void delete(KnowledgeBaseId id) {
        Objects.requireNonNull(id, "id");
        if (context.relational().knowledgeBases().softDelete(owner, id, context.now()).isEmpty()) {
            throw new NotFoundException("knowledge base", id);
        }
        LOG.debug("Soft-deleted knowledge base {} of user {}", id, owner);
    }

    @Override
    public KnowledgeBase restore(KnowledgeBaseId id) {
        Objects.requireNonNull(id, "id");
        return context.relational().knowledgeBases().restore(owner, id, context.now())
                .orElseThrow(() -> new NotFoundException("knowledge base", id));
    }

    @Override
    public void purge(KnowledgeBaseId id) {
        Objects.requireNonNull(id, "id");
        KnowledgeBase current = context.relational().knowledgeBases().findById(owner, id)
                .orElseThrow(() -> new NotFoundException("knowledge base", id));
        if (!context.relational().knowledgeBases().delete(owner, id)) {
            throw new NotFoundException("knowledge base", id);
        }
        if (!context.vectorIndex().followsRelationalDeletes()) {
            context.vectorIndex().deleteKnowledgeBase(current.embeddingSpace(), owner, id);
        }
        LOG.debug("Purged knowledge base {} of user {}", id, owner);
    }

    @Override
    public int clear(KnowledgeBaseId id) {
        return new DocumentWrites(context, owner).deleteWhere(Lookups.liveKnowledgeBase(context, owner, id), null);
    }

    @Override
    public Optional<KnowledgeBaseStats> stats(KnowledgeBaseId id) {
        return find(id).flatMap(knowledgeBase -> context.relational().knowledgeBases().stats(owner, id));
    }
}
