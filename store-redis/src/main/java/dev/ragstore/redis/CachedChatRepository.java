package dev.ragstore.redis;

import dev.ragstore.core.chat.ChatRepository;
import dev.ragstore.core.chat.ChatSession;
import dev.ragstore.core.chat.ChatSessionId;
import dev.ragstore.core.chat.Message;
import dev.ragstore.core.chat.MessageId;
import dev.ragstore.core.page.Page;
import dev.ragstore.core.page.PageRequest;
import dev.ragstore.core.user.UserId;
import dev.ragstore.redis.internal.KeySpace;
import dev.ragstore.redis.internal.VersionedCache;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The recent-messages cache: conversation paths and each session's newest message.
 *
 * <p>Consistency rule. A path from the root to a given leaf changes only when one of its messages
 * is updated (messages are otherwise immutable and only appended), so
 * {@code user:{owner}:history:<leaf>} holds the last N messages of that path (and whether it
 * reaches the root) without any per-append invalidation; a message update bumps the owner's
 * history generation, after its transaction ended, which drops every cached path and newest
 * message of the owner.
 * An append writes the new message's path through, as its parent's cached path plus the message,
 * in the same script that invalidates the session's newest-message entry and the owner's account
 * (whose lifetime tokens changed); that script runs after the append committed. Deleting a session
 * bumps the owner's history generation, and deleting the user bumps it too, so no path of a
 * deleted session is served. Deleting messages re-parents their replies, which changes every path
 * through them: it bumps the owner's history generation too (usage and lifetime tokens do not
 * change, so the account stays cached). Sessions themselves (with their counters) are not cached.
 */
final class CachedChatRepository implements ChatRepository {

    private final ChatRepository delegate;
    private final ReadThrough cache;
    private final int maxMessages;

    CachedChatRepository(ChatRepository delegate, ReadThrough cache) {
        this.delegate = delegate;
        this.cache = cache;
        this.maxMessages = cache.redis().historyCacheMessages();
    }

    @Override
    public ChatSession insertSession(ChatSession session, LocalDate usageDay) {
        return delegate.insertSession(session, usageDay);
    }

    @Override
    public Optional<ChatSession> findSession(UserId owner, ChatSessionId id) {
        return delegate.findSession(owner, id);
    }

    @Override
    public Page<ChatSession> listSessions(UserId owner, PageRequest page) {
        return delegate.listSessions(owner, page);
    }

    @Override
    public ChatSession updateSession(ChatSession session) {
        return delegate.updateSession(session);
    }

    @Override
    public boolean deleteSession(UserId owner, ChatSessionId id) {
        boolean existed = delegate.deleteSession(owner, id);
        if (existed) {
            cache.bumpGenerations(keys().historyGeneration(owner));
        }
        return existed;
    }

    @Override
    public Message append(UserId owner, Message message, LocalDate usageDay, String idempotencyKey) {
        Message stored = delegate.append(owner, message, usageDay, idempotencyKey);
        if (!stored.id().equals(message.id())) {
            // a repeated idempotency key: the store returned the message appended earlier and changed
            // nothing, so nothing cached changes either (the session's latest message may be a newer one)
            return stored;
        }
        if (cache.inTransaction()) {
            // not committed yet (and it may roll back): no cached path may learn of the message, and
            // what it makes stale is invalidated once the transaction has ended
            cache.invalidate(keys().account(owner));
            cache.invalidate(keys().latest(owner, stored.sessionId()));
            cache.bumpGenerations(keys().historyGeneration(owner));
            return stored;
        }
        String json = ReadThrough.encodeOrNull("message", stored, cache.json()::write);
        boolean extend = stored.parentId() != null && json != null;
        cache.cache().appended(keys().account(owner), keys().latest(owner, stored.sessionId()), keys().historyGeneration(owner),
                extend ? keys().history(owner, stored.parentId()) : null, keys().history(owner, stored.id()),
                json == null ? "" : json, maxMessages);
        return stored;
    }

    @Override
    public Message updateMessage(UserId owner, MessageId id, String content, int tokenCount, LocalDate usageDay) {
        Message updated = delegate.updateMessage(owner, id, content, tokenCount, usageDay);
        // the message is on every cached path through it and may be a session's newest: the generation
        // drops them all; the account's lifetime tokens may have grown
        cache.invalidate(keys().account(owner));
        cache.bumpGenerations(keys().historyGeneration(owner));
        return updated;
    }

    @Override
    public int deleteMessages(UserId owner, ChatSessionId sessionId, Set<MessageId> ids) {
        int removed = delegate.deleteMessages(owner, sessionId, ids);
        cache.bumpGenerations(keys().historyGeneration(owner));
        return removed;
    }

    @Override
    public Optional<Message> findByIdempotencyKey(UserId owner, ChatSessionId sessionId, String idempotencyKey) {
        return delegate.findByIdempotencyKey(owner, sessionId, idempotencyKey);
    }

    @Override
    public Optional<Message> findMessage(UserId owner, MessageId id) {
        return delegate.findMessage(owner, id);
    }

    @Override
    public List<Message> path(UserId owner, MessageId leaf, int window) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(leaf, "leaf");
        if (window < 1 || cache.inTransaction()) {
            return delegate.path(owner, leaf, window);
        }
        String key = keys().history(owner, leaf);
        VersionedCache.Lookup lookup = cache.cache().readTail(key, keys().historyGeneration(owner), window);
        if (lookup.hit() && (window <= lookup.count() || lookup.complete())) {
            List<Message> cached = ReadThrough.decodeOrNull(key, lookup.data(), data -> HistoryLines.last(cache.json(), data, window));
            if (cached != null && !cached.isEmpty() && cached.get(cached.size() - 1).id().equals(leaf)) {
                return List.copyOf(cached);
            }
        }
        List<Message> loaded = delegate.path(owner, leaf, Math.max(window, maxMessages));
        if (!loaded.isEmpty() && lookup.ticket() != null) {
            List<Message> kept = loaded.subList(Math.max(0, loaded.size() - maxMessages), loaded.size());
            String encoded = ReadThrough.encodeOrNull(key, kept, messages -> HistoryLines.join(cache.json(), messages));
            if (encoded != null) {
                cache.cache().fill(lookup.ticket(), encoded, kept.size(), kept.get(0).parentId() == null);
            }
        }
        return List.copyOf(loaded.subList(Math.max(0, loaded.size() - window), loaded.size()));
    }

    @Override
    public Optional<Message> latestMessage(UserId owner, ChatSessionId sessionId) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(sessionId, "sessionId");
        if (cache.inTransaction()) {
            return delegate.latestMessage(owner, sessionId);
        }
        String key = keys().latest(owner, sessionId);
        VersionedCache.Lookup lookup = cache.cache().read(key, keys().historyGeneration(owner));
        if (lookup.hit()) {
            if (lookup.data().isEmpty()) {
                return Optional.empty();
            }
            Message cached = ReadThrough.decodeOrNull(key, lookup.data(), data -> cache.json().read(data, Message.class));
            if (cached != null && cached.sessionId().equals(sessionId)) {
                return Optional.of(cached);
            }
        }
        Optional<Message> loaded = delegate.latestMessage(owner, sessionId);
        if (lookup.ticket() != null) {
            String encoded = loaded.isEmpty() ? "" : ReadThrough.encodeOrNull(key, loaded.get(), cache.json()::write);
            if (encoded != null) {
                cache.cache().fill(lookup.ticket(), encoded);
            }
        }
        return loaded;
    }

    @Override
    public List<Message> children(UserId owner, MessageId parent) {
        return delegate.children(owner, parent);
    }

    private KeySpace keys() {
        return cache.redis().keys();
    }
}
