package dev.ragstore.pgvector.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.search.IndexQuery;
import dev.ragstore.core.user.UserId;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Remembers, for a while, that a vector search's gate found an owner <em>large</em>: at least the
 * exact-search threshold of rows in the searched knowledge bases of a space. A search that finds
 * the verdict here skips the gate's count (an index-only scan of up to the threshold's rows, about
 * 0.7 ms for a large owner of 100k rows, a third of the search). "Small" is never remembered: its
 * count is short, and an owner who starts small usually grows (a first document, then a bulk load),
 * which a remembered "small" would keep on the slow exact scan.
 *
 * <p>This instance forgets an owner as soon as it deletes any of the owner's vectors. A verdict gone
 * stale otherwise (deletes through another instance, a rolled-back transaction) searches the owner
 * by the ANN branch — approximate, like any large owner's search — and the exact branch still runs
 * when the ANN branch returns fewer rows than asked for; the statement ignores the verdict in spaces
 * with multi-vector chunks, whose candidates only the count keeps complete. Entries expire
 * {@code ttl} after they were written; a zero {@code ttl} keeps nothing. Thread-safe; one instance
 * per index.
 */
public final class OwnerSizes {

    private static final long MAX_ENTRIES = 100_000;

    private final Cache<Key, Boolean> large;

    public OwnerSizes(Duration ttl) {
        this.large = ttl.isZero() ? null
                : Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(MAX_ENTRIES).build();
    }

    /** Whether the owner of {@code query} searched {@code limit} deep is remembered as large. */
    public boolean knownLarge(IndexQuery query, int limit) {
        return large != null && large.getIfPresent(key(query, limit)) != null;
    }

    /** Remembers the verdict of the gate of a search of {@code query} {@code limit} deep (only "large" is kept). */
    public void remember(IndexQuery query, int limit, boolean small) {
        if (large != null && !small) {
            large.put(key(query, limit), Boolean.TRUE);
        }
    }

    /** Forgets every verdict about {@code owner} (its rows are being deleted). */
    public void forget(UserId owner) {
        if (large != null) {
            large.asMap().keySet().removeIf(key -> key.owner().equals(owner.value()));
        }
    }

    private static Key key(IndexQuery query, int limit) {
        List<UUID> knowledgeBases = query.knowledgeBases().stream().map(KnowledgeBaseId::value).distinct().sorted().toList();
        return new Key(query.space(), query.ownerId().value(), knowledgeBases, limit);
    }

    private record Key(String space, UUID owner, List<UUID> knowledgeBases, int limit) {
    }
}
