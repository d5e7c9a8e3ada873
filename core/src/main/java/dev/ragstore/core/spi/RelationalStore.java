package dev.ragstore.core.spi;

import dev.ragstore.core.apikey.ApiKeyRepository;
import dev.ragstore.core.audit.AuditRepository;
import dev.ragstore.core.chat.ChatRepository;
import dev.ragstore.core.chunk.ChunkRepository;
import dev.ragstore.core.document.DocumentRepository;
import dev.ragstore.core.knowledge.KnowledgeBaseRepository;
import dev.ragstore.core.model.ModelProfileRepository;
import dev.ragstore.core.plan.PlanRepository;
import dev.ragstore.core.usage.UsageRepository;
import dev.ragstore.core.user.UserId;
import dev.ragstore.core.user.UserRepository;

import java.util.function.Supplier;

/**
 * Port: the store of record for every relational aggregate. An adapter (in-memory,
 * PostgreSQL) implements all repositories over one consistent store, so the cascade rules of
 * the domain hold across them.
 */
public interface RelationalStore extends AutoCloseable {

    /** A short name for messages and logs, e.g. {@code "postgresql"}. */
    String name();

    UserRepository users();

    PlanRepository plans();

    ApiKeyRepository apiKeys();

    KnowledgeBaseRepository knowledgeBases();

    DocumentRepository documents();

    ChunkRepository chunks();

    ChatRepository chats();

    UsageRepository usage();

    ModelProfileRepository modelProfiles();

    AuditRepository audit();

    /**
     * Runs {@code work} so that the writes it makes on this thread, through this store and through
     * any index that joins this store's transactions (pgvector), commit together or not at all.
     * The facade uses it to write a document's chunks and vectors as one unit. A store without
     * transactions runs {@code work} directly; that is this default.
     *
     * @return what {@code work} returns
     */
    default <T> T inTransaction(UserId owner, Supplier<T> work) {
        return work.get();
    }

    /**
     * Runs {@code action} once the transaction this thread runs in this store has ended, committed
     * or rolled back, or at once when the thread runs none. Caches invalidate through it, so a read
     * racing an uncommitted write can never re-cache the old row after the invalidation. The action
     * should not throw: a store that defers it logs a failure; this default (for a store without
     * transactions) runs it at once and lets a failure reach the caller.
     */
    default void afterCompletion(Runnable action) {
        action.run();
    }

    /**
     * Whether this thread runs a transaction of this store now. Caches read through to the store
     * while it does, so the transaction sees its own writes and no uncommitted row is ever cached.
     * A store without transactions never does; that is this default.
     */
    default boolean inTransactionOnThisThread() {
        return false;
    }

    /**
     * The store beneath any cache: what it answers is authoritative. Authentication (login, API
     * keys, session-token resolution, password changes) reads users from it, so a stale cache entry
     * never authorises anything. A store without a cache returns itself (this default); a caching
     * decorator returns the store it wraps.
     */
    default RelationalStore storeOfRecord() {
        return this;
    }

    /** Releases connections; later calls fail. */
    @Override
    void close();
}
