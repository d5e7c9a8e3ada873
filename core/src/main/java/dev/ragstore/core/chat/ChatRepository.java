package dev.ragstore.core.chat;

import dev.ragstore.core.page.Page;
import dev.ragstore.core.page.PageRequest;
import dev.ragstore.core.user.UserId;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Port: stores chat sessions and their message trees. Every method is restricted to
 * {@code owner}. Implementations are thread-safe.
 */
public interface ChatRepository {

    /**
     * Stores a new session and adds one session to the owner's usage on {@code usageDay}, in one
     * atomic step, if the owner's plan allows one more: the owner's live sessions must stay at or
     * below the plan's {@code sessionLimit} (no limit without a plan). Check and insert are one
     * atomic step, so concurrent inserts never pass the limit together.
     *
     * @throws dev.ragstore.core.error.NotFoundException if a knowledge base does not exist for the owner
     * @throws dev.ragstore.core.error.QuotaExceededException quota {@code "chat sessions"}; nothing is written
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
     * owner's lifetime total. The owner's tokens on {@code usageDay} must stay at or below the
     * plan's {@code dailyTokenLimit} (no limit without a plan; a message of 0 tokens is never
     * refused); the check is part of the same atomic step, so concurrent appends never pass it.
     *
     * @return the stored message
     * @throws dev.ragstore.core.error.NotFoundException if the owner has no such session, or the
     *         parent is not a message of that session
     * @throws dev.ragstore.core.error.QuotaExceededException quota {@code "daily tokens"}; nothing is written
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
     * Replaces a message's content and token count in one atomic step, keeping its id, session,
     * parent, replies, role, author, model, citations, attachments and creation time. The
     * session's token total moves by the difference; a positive difference is added to the
     * owner's tokens on {@code usageDay} (no message is counted) and lifetime total, checked
     * against the plan's {@code dailyTokenLimit} like {@link #append}; a negative one gives no
     * tokens back to the usage counters.
     *
     * @return the updated message
     * @throws dev.ragstore.core.error.NotFoundException if the owner has no such message
     * @throws dev.ragstore.core.error.QuotaExceededException quota {@code "daily tokens"}; nothing is written
     */
    Message updateMessage(UserId owner, MessageId id, String content, int tokenCount, LocalDate usageDay);

    /**
     * Removes {@code ids} (non-empty, distinct) from the owner's session in one atomic step: every
     * remaining message whose parent is removed gets the nearest remaining ancestor as parent
     * ({@code null} when none); the session's message and token counters drop by the removed
     * messages; usage days and the lifetime total are unchanged; the removed messages' idempotency
     * keys are forgotten.
     *
     * @return the number of messages removed ({@code ids.size()})
     * @throws dev.ragstore.core.error.NotFoundException if the owner has no such session or one of the
     *         ids is not a message of it; nothing is removed
     */
    int deleteMessages(UserId owner, ChatSessionId sessionId, Set<MessageId> ids);

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
