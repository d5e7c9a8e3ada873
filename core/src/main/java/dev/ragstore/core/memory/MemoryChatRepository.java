package dev.ragstore.core.memory;

import dev.ragstore.core.chat.ChatRepository;
import dev.ragstore.core.chat.ChatSession;
import dev.ragstore.core.chat.ChatSessionId;
import dev.ragstore.core.chat.Message;
import dev.ragstore.core.chat.MessageId;
import dev.ragstore.core.error.ConflictException;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.page.Page;
import dev.ragstore.core.page.PageRequest;
import dev.ragstore.core.usage.UsageDelta;
import dev.ragstore.core.user.UserId;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Chat sessions and message trees in memory. A message belongs to the owner of its session;
 * appends update the session counters, the owner's daily usage and lifetime tokens under the
 * same write lock, so the counters always equal the sums over the messages.
 */
final class MemoryChatRepository implements ChatRepository {

    private final MemoryTables tables;
    private final Cascades cascades;

    MemoryChatRepository(MemoryTables tables, Cascades cascades) {
        this.tables = tables;
        this.cascades = cascades;
    }

    @Override
    public ChatSession insertSession(ChatSession session, LocalDate usageDay) {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(usageDay, "usageDay");
        return tables.write(() -> {
            if (tables.sessions.contains(session.id().value())) {
                throw new ConflictException("chat_session.id.unique", "chat session id '" + session.id() + "' is already taken");
            }
            tables.requireUser(session.ownerId());
            checkKnowledgeBases(session.ownerId(), session.knowledgeBaseIds());
            tables.quotas.requireSessionRoom(session.ownerId());
            tables.sessions.put(session.ownerId().value(), session.id().value(), session);
            tables.addUsage(session.ownerId(), usageDay, UsageDelta.session());
            return session;
        });
    }

    @Override
    public Optional<ChatSession> findSession(UserId owner, ChatSessionId id) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(id, "id");
        return tables.read(() -> Optional.ofNullable(tables.sessions.get(owner.value(), id.value())));
    }

    @Override
    public Page<ChatSession> listSessions(UserId owner, PageRequest page) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(page, "page");
        return tables.read(() -> Paging.page(tables.sessions.ofOwner(owner.value()), page, s -> true, ChatSession::id));
    }

    @Override
    public ChatSession updateSession(ChatSession session) {
        Objects.requireNonNull(session, "session");
        return tables.write(() -> {
            ChatSession s = tables.sessions.get(session.ownerId().value(), session.id().value());
            if (s == null) {
                throw new NotFoundException("chat session", session.id());
            }
            checkKnowledgeBases(session.ownerId(), session.knowledgeBaseIds());
            ChatSession updated = new ChatSession(s.id(), s.ownerId(), session.title(), session.description(),
                    session.modelConfig(), session.knowledgeBaseIds(), s.totalMessages(), s.totalTokens(),
                    s.lastActivityAt(), s.createdAt(), session.updatedAt());
            tables.sessions.put(s.ownerId().value(), s.id().value(), updated);
            return updated;
        });
    }

    @Override
    public boolean deleteSession(UserId owner, ChatSessionId id) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(id, "id");
        return tables.write(() -> {
            if (tables.sessions.get(owner.value(), id.value()) == null) {
                return false;
            }
            cascades.deleteSession(owner.value(), id.value());
            return true;
        });
    }

    @Override
    public Message append(UserId owner, Message message, LocalDate usageDay, String idempotencyKey) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(usageDay, "usageDay");
        return tables.write(() -> {
            ChatSession s = tables.sessions.get(owner.value(), message.sessionId().value());
            if (s == null) {
                throw new NotFoundException("chat session", message.sessionId());
            }
            if (idempotencyKey != null) {
                Message earlier = keyed(s.id().value(), idempotencyKey);
                if (earlier != null) {
                    return earlier;
                }
            }
            if (message.parentId() != null) {
                Message parent = tables.messages.get(message.parentId().value());
                if (parent == null || !parent.sessionId().equals(message.sessionId())) {
                    throw new NotFoundException("message", message.parentId());
                }
            }
            if (tables.messages.containsKey(message.id().value())) {
                throw new ConflictException("message.id.unique", "message id '" + message.id() + "' is already taken");
            }
            if (message.authorId() != null) {
                tables.requireUser(message.authorId());
            }
            tables.quotas.requireTokenRoom(owner, usageDay, message.tokenCount());
            ChatSession counted = new ChatSession(s.id(), s.ownerId(), s.title(),
                    s.description(), s.modelConfig(), s.knowledgeBaseIds(), MemoryTables.add("chat session total messages",
                    s.totalMessages(), 1), MemoryTables.add("chat session total tokens", s.totalTokens(), message.tokenCount()),
                    message.createdAt(), s.createdAt(), s.updatedAt());
            tables.addUsage(owner, usageDay, UsageDelta.message(message.tokenCount()));
            tables.putMessage(message);
            tables.sessions.put(owner.value(), s.id().value(), counted);
            if (idempotencyKey != null) {
                tables.messageIdsByKey.computeIfAbsent(s.id().value(), k -> new HashMap<>())
                        .put(idempotencyKey, message.id().value());
            }
            return message;
        });
    }

    @Override
    public Message updateMessage(UserId owner, MessageId id, String content, int tokenCount, LocalDate usageDay) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(usageDay, "usageDay");
        return tables.write(() -> {
            Message m = ownedMessage(owner, id.value());
            if (m == null) {
                throw new NotFoundException("message", id);
            }
            Message updated = new Message(m.id(), m.sessionId(), m.authorId(), m.parentId(), m.role(), content, tokenCount,
                    m.model(), m.citations(), m.attachedDocumentIds(), m.processingMillis(), m.createdAt(), m.metadata());
            long delta = (long) tokenCount - m.tokenCount();
            ChatSession s = tables.sessions.get(owner.value(), m.sessionId().value());
            ChatSession counted = s.withTotalTokens(MemoryTables.add("chat session total tokens", s.totalTokens(), delta));
            if (delta > 0) {
                tables.quotas.requireTokenRoom(owner, usageDay, delta);
                tables.addUsage(owner, usageDay, UsageDelta.tokens(delta));
            }
            tables.messages.put(id.value(), updated);
            tables.sessions.put(owner.value(), s.id().value(), counted);
            return updated;
        });
    }

    @Override
    public int deleteMessages(UserId owner, ChatSessionId sessionId, Set<MessageId> ids) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(ids, "ids");
        return tables.write(() -> {
            ChatSession s = tables.sessions.get(owner.value(), sessionId.value());
            if (s == null) {
                throw new NotFoundException("chat session", sessionId);
            }
            Set<UUID> removed = new HashSet<>();
            long tokens = 0;
            for (MessageId id : ids) {
                Message m = tables.messages.get(id.value());
                if (m == null || !m.sessionId().equals(sessionId)) {
                    throw new NotFoundException("message", id);
                }
                removed.add(id.value());
                tokens += m.tokenCount();
            }
            for (UUID id : removed) {
                Message m = tables.messages.get(id);
                MessageId ancestor = m.parentId();
                while (ancestor != null && removed.contains(ancestor.value())) {
                    ancestor = tables.messages.get(ancestor.value()).parentId();
                }
                for (UUID childId : List.copyOf(tables.childIdsOf(id))) {
                    if (!removed.contains(childId)) {
                        Message child = tables.messages.get(childId);
                        tables.putMessage(new Message(child.id(), child.sessionId(), child.authorId(), ancestor, child.role(),
                                child.content(), child.tokenCount(), child.model(), child.citations(),
                                child.attachedDocumentIds(), child.processingMillis(), child.createdAt(), child.metadata()));
                    }
                }
            }
            for (UUID id : removed) {
                Message m = tables.messages.remove(id);
                tables.messageIdsBySession.get(sessionId.value()).remove(id);
                tables.childIdsByParent.remove(id);
                if (m.parentId() != null && tables.childIdsByParent.containsKey(m.parentId().value())) {
                    tables.childIdsByParent.get(m.parentId().value()).remove(id);
                }
            }
            Map<String, UUID> keys = tables.messageIdsByKey.get(sessionId.value());
            if (keys != null) {
                keys.values().removeIf(removed::contains);
            }
            tables.sessions.put(owner.value(), s.id().value(), new ChatSession(s.id(), s.ownerId(), s.title(), s.description(),
                    s.modelConfig(), s.knowledgeBaseIds(), s.totalMessages() - removed.size(), s.totalTokens() - tokens,
                    s.lastActivityAt(), s.createdAt(), s.updatedAt()));
            return removed.size();
        });
    }

    @Override
    public Optional<Message> findByIdempotencyKey(UserId owner, ChatSessionId sessionId, String idempotencyKey) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        return tables.read(() -> tables.sessions.get(owner.value(), sessionId.value()) == null
                ? Optional.empty() : Optional.ofNullable(keyed(sessionId.value(), idempotencyKey)));
    }

    /** The message of a session stored with {@code key}, or {@code null}. */
    private Message keyed(UUID sessionId, String key) {
        Map<String, UUID> keys = tables.messageIdsByKey.get(sessionId);
        UUID id = keys == null ? null : keys.get(key);
        return id == null ? null : tables.messages.get(id);
    }

    @Override
    public Optional<Message> findMessage(UserId owner, MessageId id) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(id, "id");
        return tables.read(() -> Optional.ofNullable(ownedMessage(owner, id.value())));
    }

    @Override
    public List<Message> path(UserId owner, MessageId leaf, int window) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(leaf, "leaf");
        if (window < 1) {
            throw InvalidInputException.of("history window", "must be >= 1", window);
        }
        return tables.read(() -> {
            Message current = ownedMessage(owner, leaf.value());
            List<Message> newestFirst = new ArrayList<>();
            while (current != null && newestFirst.size() < window) {
                newestFirst.add(current);
                current = current.parentId() == null ? null : tables.messages.get(current.parentId().value());
            }
            Collections.reverse(newestFirst);
            return List.copyOf(newestFirst);
        });
    }

    @Override
    public Optional<Message> latestMessage(UserId owner, ChatSessionId sessionId) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(sessionId, "sessionId");
        return tables.read(() -> {
            if (tables.sessions.get(owner.value(), sessionId.value()) == null) {
                return Optional.empty();
            }
            NavigableSet<UUID> ids = tables.messageIdsOf(sessionId.value());
            return ids.isEmpty() ? Optional.empty() : Optional.of(tables.messages.get(ids.last()));
        });
    }

    @Override
    public List<Message> children(UserId owner, MessageId parent) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(parent, "parent");
        return tables.read(() -> {
            if (ownedMessage(owner, parent.value()) == null) {
                return List.of();
            }
            List<Message> replies = new ArrayList<>();
            for (UUID id : tables.childIdsOf(parent.value())) {
                replies.add(tables.messages.get(id));
            }
            return List.copyOf(replies);
        });
    }

    /** The message if its session is the owner's, else {@code null}. */
    private Message ownedMessage(UserId owner, UUID id) {
        Message message = tables.messages.get(id);
        return message != null && tables.sessions.get(owner.value(), message.sessionId().value()) != null ? message : null;
    }

    private void checkKnowledgeBases(UserId owner, List<KnowledgeBaseId> ids) {
        for (KnowledgeBaseId id : ids) {
            if (tables.knowledgeBases.get(owner.value(), id.value()) == null) {
                throw new NotFoundException("knowledge base", id);
            }
        }
    }
}
