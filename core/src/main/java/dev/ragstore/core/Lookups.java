package dev.ragstore.core;

import dev.ragstore.core.error.ConflictException;
import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.user.User;
import dev.ragstore.core.user.UserId;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/** Owner-scoped look-ups the facade classes share; each fails as "not found" for another owner's ids. */
final class Lookups {

    private Lookups() {
    }

    /** The user's record; a deleted or unknown user is not found. */
    static User user(StoreContext context, UserId owner) {
        return context.relational().users().findById(owner).orElseThrow(() -> new NotFoundException("user", owner));
    }

    /** A live (not soft-deleted) knowledge base of {@code owner}. */
    static KnowledgeBase liveKnowledgeBase(StoreContext context, UserId owner, KnowledgeBaseId id) {
        Objects.requireNonNull(id, "knowledgeBaseId");
        return context.relational().knowledgeBases().findById(owner, id)
                .filter(knowledgeBase -> !knowledgeBase.deleted())
                .orElseThrow(() -> new NotFoundException("knowledge base", id));
    }

    /** Checks that every id names a live knowledge base of {@code owner}; returns the ids without repeats, in order. */
    static List<KnowledgeBaseId> liveKnowledgeBaseIds(StoreContext context, UserId owner, List<KnowledgeBaseId> ids) {
        dev.ragstore.core.internal.Checks.maxSize("knowledge base ids", ids, dev.ragstore.core.internal.Checks.MAX_IDS);
        List<KnowledgeBaseId> distinct = new ArrayList<>(new LinkedHashSet<>(ids));
        for (KnowledgeBaseId id : distinct) {
            liveKnowledgeBase(context, owner, id);
        }
        return List.copyOf(distinct);
    }

    /**
     * Checks that a knowledge base is bound to the store's embedding space: vectors of another
     * space could be neither stored nor compared.
     */
    static KnowledgeBase requireStoreSpace(StoreContext context, KnowledgeBase knowledgeBase) {
        String space = context.embedder().space().name();
        if (!knowledgeBase.embeddingSpace().equals(space)) {
            throw new ConflictException("knowledge_base.embedding_space",
                    "knowledge base '" + knowledgeBase.id() + "' is bound to embedding space '"
                            + knowledgeBase.embeddingSpace() + "', but this store embeds into '" + space
                            + "'; open it with an embedder of that space, or re-ingest into a new knowledge base");
        }
        return knowledgeBase;
    }
}
