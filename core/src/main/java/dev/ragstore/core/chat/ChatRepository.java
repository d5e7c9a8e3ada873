package dev.ragstore.core.chat;

import dev.ragstore.core.page.Page;
import dev.ragstore.core.page.PageRequest;
import dev.ragstore.core.user.UserId;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Port: stores chat sessions and their message trees. Every method is restricted to
 * {@code owner}. Implementations are thread-safe.
 */
public interface ChatRepository {

    /**
     * Stores a new session and adds one session to the owner's usage on {@code usageDay}, in one
     * atomic step.
     *
     * @throws dev.ragstore.core.error.NotFoundException if a knowledge base does not exist for the owner
     */
    ChatSession insertSession(ChatSession session, LocalDate usageDay);

    Optional<ChatSession> findSession(UserId owner, ChatSessionId id);

    /** The owner's sessions ordered by id. */
    Page<ChatSession> listSessions(UserId owner, PageRequest page);

    /**
     * Replaces title, description, model config, knowledge bases and updatedAt; counters are kept.
     *
     * @throws dev.ragstore.core.error.NotFoundException if the owner has no such session or knowledge base
     */
    ChatSession updateSession(ChatSession session);

    /**
     * Removes the session, its messages and the documents attached to it (with their chunks).
     *
     * @return whether it existed
     */
    boolean deleteSession(UserId owner, ChatSessionId id);

    /**
     * Appends a message in one atomic step: stores it, adds 1 message and its tokens to the
     * session's counters, sets the session's last activity to the message's time, adds the
     * message and its tokens to the owner's usage on {@code usageDay} and its tokens to the
     * owner's lifetime total.
     *
     * @return the stored message
     * @throws dev.ragstore.core.error.NotFoundException if the owner has no such session, or the
     *         parent is not a message of that session
     */
    default Message append(UserId owner, Message message, LocalDate usageDay) {
        return append(owner, message, usageDay, null);
    }

    /**
     * {@link #append(UserId, Message, LocalDate)} with an idempotency key ({@code null} for none,
     * else already validated). When the session already has a message stored with that key, this
     * returns that message and changes nothing (no second message, counter or usage increment);
     * otherwise the key is stored with the message in the same atomic step. The check and the
     * append are one atomic step too: concurrent appends with one key to one session store exactly
     * one message, and every caller gets it. The caller compares the returned message with its
     * request (a different id means the key was used before).
     *
     * @return the stored message, or the one stored earlier with {@code idempotencyKey}
     * @throws dev.ragstore.core.error.NotFoundException if the owner has no such session, or the
     *         parent is not a message of that session
     */
    Message append(UserId owner, Message message, LocalDate usageDay, String idempotencyKey);

    /**
     * The message stored in the owner's session with {@code idempotencyKey}, if any. Keys live as
     * long as their message (until the session is deleted).
     */
    Optional<Message> findByIdempotencyKey(UserId owner, ChatSessionId sessionId, String idempotencyKey);

    Optional<Message> findMessage(UserId owner, MessageId id);

    /**
     * The path from the root to {@code leaf}, oldest first, cut to its last {@code window}
     * messages. Empty when the owner has no such message.
     */
    List<Message> path(UserId owner, MessageId leaf, int window);

    /** The newest message of a session (the default leaf for history), if any. */
    Optional<Message> latestMessage(UserId owner, ChatSessionId sessionId);

    /** The direct replies to a message, ordered by id (oldest first). */
    List<Message> children(UserId owner, MessageId parent);
}
