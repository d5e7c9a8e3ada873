package dev.ragstore.postgres;

import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.user.UserId;
import org.jdbi.v3.core.Handle;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Checks the knowledge base ids a chat session or model profile refers to (kept as a
 * {@code uuid[]} column in the caller's order). The check locks the knowledge bases (KEY SHARE)
 * until the caller commits, so a concurrent purge waits and then detaches the new reference.
 */
final class PgKnowledgeBaseReferences {

    private final String existing;

    PgKnowledgeBaseReferences(PgContext context) {
        this.existing = context.sql("SELECT id FROM {schema}.knowledge_bases WHERE owner_id = :owner AND id = ANY(:ids) "
                + "FOR KEY SHARE");
    }

    /** @throws NotFoundException naming the first id the owner has no knowledge base for */
    void requireAll(Handle h, UserId owner, List<KnowledgeBaseId> ids) {
        if (ids.isEmpty()) {
            return;
        }
        Set<UUID> found = new HashSet<>(h.createQuery(existing).bind("owner", owner.value()).bind("ids", array(ids))
                .mapTo(UUID.class).list());
        for (KnowledgeBaseId id : ids) {
            if (!found.contains(id.value())) {
                throw new NotFoundException("knowledge base", id);
            }
        }
    }

    /** The ids as the value of a {@code uuid[]} parameter. */
    static UUID[] array(List<KnowledgeBaseId> ids) {
        return ids.stream().map(KnowledgeBaseId::value).toArray(UUID[]::new);
    }
}
