package dev.ragstore.core.chat;

import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.page.Page;
import dev.ragstore.core.page.PageRequest;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The chat sessions of one user and their message trees. Another user's id reads as not found.
 */
public interface Chats {

    /**
     * Creates a session and counts it in today's usage.
     *
     * @throws dev.ragstore.core.error.NotFoundException if a knowledge base is not the user's
     */
    ChatSession create(String title, String description, Map<String, ?> modelConfig, List<KnowledgeBaseId> knowledgeBases);

    /** A session with an empty description, no model config and no knowledge bases. */
    default ChatSession create(String title) {
        return create(title, "", Map.of(), List.of());
    }

    Optional<ChatSession> find(ChatSessionId id);

    /** Sessions ordered by id. */
    Page<ChatSession> list(PageRequest page);

    /** @throws dev.ragstore.core.error.NotFoundException for an unknown session */
    ChatSession rename(ChatSessionId id, String title);

    /** @throws dev.ragstore.core.error.NotFoundException for an unknown session or knowledge base */
    ChatSession update(ChatSessionId id, String title, String description, Map<String, ?> modelConfig,
            List<KnowledgeBaseId> knowledgeBases);

    /**
     * Deletes the session, its messages, and the documents attached to it (with their vectors).
     *
     * @throws dev.ragstore.core.error.NotFoundException for an unknown session
     */
    void delete(ChatSessionId id);

    /**
     * Appends a message; the session's counters and last activity, today's usage and the user's
     * lifetime tokens change in the same atomic step. USER messages get the user as author.
     *
     * @throws dev.ragstore.core.error.NotFoundException for an unknown session, a parent outside the
     *         session, or a cited/attached document that is not the user's
     */
    Message append(ChatSessionId sessionId, NewMessage message);

    /**
     * The conversation ending at {@code leaf} (or at the session's newest message when
     * {@code leaf} is {@code null}): the path from the root, oldest first, cut to its last
     * {@code window} messages (1 to 10,000).
     *
     * @throws dev.ragstore.core.error.NotFoundException for an unknown session, or a leaf outside it
     */
    List<Message> history(ChatSessionId sessionId, MessageId leaf, int window);

    /**
     * The direct replies to {@code messageId}, oldest first: each is the start of one branch.
     *
     * @throws dev.ragstore.core.error.NotFoundException for an unknown message
     */
    List<Message> branches(MessageId messageId);
}
