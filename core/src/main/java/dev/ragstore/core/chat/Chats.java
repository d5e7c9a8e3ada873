package dev.ragstore.core.chat;

import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.page.Page;
import dev.ragstore.core.page.PageRequest;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The chat sessions of one user and their message trees. Another user's id reads as not found.
 */
public interface Chats {

    /**
     * Creates a session and counts it in today's usage, if the user's plan allows one more live
     * session ({@code Plan.sessionLimit}; no limit without a plan). Check and insert are one
     * atomic step in the store, so concurrent creations never pass the limit; deleting a session
     * frees its place.
     *
     * @throws dev.ragstore.core.error.NotFoundException if a knowledge base is not the user's
     * @throws dev.ragstore.core.error.QuotaExceededException quota {@code "chat sessions"} naming the
     *         plan, its limit, the sessions held and 1 requested; nothing is written
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
     * <p>With an {@linkplain NewMessage#idempotencyKey() idempotency key} the append is safe to
     * repeat (after a timeout or a retryable {@code StoreUnavailableException}, whose outcome is
     * unknown): the key is stored with the message in the same atomic step, and appending again
     * with the same key to the same session returns the message stored the first time (same id)
     * and changes nothing: no second message, counter, usage or lifetime increment. Concurrent
     * appends with one key store exactly one message. A key is scoped to one session of one user
     * and kept as long as the session.
     *
     * <p>The append is also the call that meters the message: its tokens count against the plan's
     * daily token limit ({@code Plan.dailyTokenLimit}; no limit without a plan) in the same atomic
     * step, and are recorded in today's usage once. Do not also call
     * {@code usage().consumeTokens(n)} or {@code usage().record(...)} for a message's tokens: that
     * counts them twice. Those calls are for tokens no message carries (embedding calls, tools).
     *
     * @throws dev.ragstore.core.error.NotFoundException for an unknown session, a parent outside the
     *         session, or a cited/attached document that is not the user's
     * @throws dev.ragstore.core.error.QuotaExceededException quota {@code "daily tokens"} when the
     *         message's tokens would pass today's allowance; nothing is written
     * @throws dev.ragstore.core.error.ConflictException rule {@code message.idempotency_key.reused}
     *         when the key was used in this session for a different message (another parent, role,
     *         content, token count, model, citations, attached documents or metadata); nothing is written
     */
    Message append(ChatSessionId sessionId, NewMessage message);

    /**
     * Replaces a message's content and token count (e.g. once a streamed answer is complete),
     * keeping its place in the tree: its id, session, parent and replies, and its role, author,
     * model, citations, attachments and creation time. In the same atomic step the session's
     * token total moves by the difference, and a positive difference is metered like an append:
     * checked against the plan's daily token limit and added to today's tokens and the lifetime
     * total (no message is counted). A smaller token count gives nothing back: the tokens were
     * spent. Repeating an append with the message's idempotency key after an update reports the
     * key as reused, since the stored message differs from the request.
     *
     * @param content    the new text (at most 1,000,000 characters, no NUL)
     * @param tokenCount the new token count, {@code >= 0}
     * @return the updated message
     * @throws dev.ragstore.core.error.NotFoundException for an unknown message
     * @throws dev.ragstore.core.error.InvalidInputException for bad content or a negative token count
     * @throws dev.ragstore.core.error.QuotaExceededException quota {@code "daily tokens"} when the
     *         added tokens would pass today's allowance; nothing is written
     */
    Message updateMessage(MessageId messageId, String content, int tokenCount);

    /**
     * Removes messages of a session in one atomic step, keeping the rest of the tree connected:
     * each remaining reply of a removed message is re-attached to the removed message's nearest
     * remaining ancestor (or becomes a root when there is none), so a thread with its oldest
     * messages removed reads as the remaining messages in their order, which is what a sliding
     * chat-memory window needs when it saves its whole list. The session's message and token
     * counters drop by the removed messages; today's usage and the lifetime total do not (the
     * tokens were spent, as with a smaller {@link #updateMessage} count), so re-saving a window as
     * "remove the evicted messages, append the new ones" meters only the new messages. Idempotency
     * keys of removed messages are forgotten. Documents attached to the session stay.
     *
     * @param messageIds the messages to remove (at most 1,000; repeats count once; none is a no-op)
     * @return the number of messages removed
     * @throws dev.ragstore.core.error.NotFoundException for an unknown session, or a message that is not
     *         in it; nothing is removed
     * @throws dev.ragstore.core.error.InvalidInputException for more than 1,000 ids
     */
    int deleteMessages(ChatSessionId sessionId, Collection<MessageId> messageIds);

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
