package dev.ragstore.langchain4j;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import dev.ragstore.core.UserScope;
import dev.ragstore.core.chat.ChatSession;
import dev.ragstore.core.chat.ChatSessionId;
import dev.ragstore.core.chat.Message;
import dev.ragstore.core.chat.MessageId;
import dev.ragstore.core.chat.NewMessage;
import dev.ragstore.core.page.Page;
import dev.ragstore.core.page.PageRequest;
import dev.ragstore.langchain4j.internal.MessageCodec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * LangChain4j's {@link ChatMemoryStore} on RagStore's chat sessions, bound to one user
 * ({@link UserScope}). A memory is one session of that user, its messages one thread
 * ({@code chats().history}), every LangChain4j message type kept exactly (system, user, AI with
 * tool execution requests, tool execution results; see the message metadata it writes).
 *
 * <p><b>Memory ids.</b> A {@link ChatSessionId}, a {@link UUID} or the text of a UUID names that
 * session of the user (it must exist). Any other id names the user's session whose model config
 * holds {@code "langchain4j.memory_id"} equal to the id's text, created on the first
 * {@code updateMessages} (titled with the id's text, cut to 200 characters).
 *
 * <p><b>Saving.</b> LangChain4j saves a memory's whole list each time. The store keeps the stored
 * messages that the new list still holds in order, removes the others
 * ({@code chats().deleteMessages}, which re-attaches the thread) and appends the rest. A sliding
 * window thus appends only its new messages, and only they are metered: messages are appended
 * with 0 tokens unless LangChain4j's token counts are recorded by the caller elsewhere.
 * {@code deleteMessages(memoryId)} removes the session's messages and keeps the session.
 *
 * <p>Thread-safe; concurrent saves of one memory are not serialized (LangChain4j's chat memories
 * serialize their own).
 */
public final class RagStoreChatMemoryStore implements ChatMemoryStore {

    /** The model-config key holding a non-session memory id. */
    public static final String MEMORY_ID = "langchain4j.memory_id";
    private static final int WINDOW = 10_000;
    /** The most ids one {@code chats().deleteMessages} call takes. */
    private static final int DELETE_BATCH = 1_000;

    private final UserScope scope;
    private final Map<String, ChatSessionId> sessions = new ConcurrentHashMap<>();

    private RagStoreChatMemoryStore(UserScope scope) {
        this.scope = Objects.requireNonNull(scope, "scope");
    }

    /** A store of {@code scope}'s user's chat sessions. */
    public static RagStoreChatMemoryStore of(UserScope scope) {
        return new RagStoreChatMemoryStore(scope);
    }

    /** The user scope this store reads and writes. */
    public UserScope scope() {
        return scope;
    }

    /** The messages of the memory, oldest first; empty for a memory never saved. */
    @Override
    public List<ChatMessage> getMessages(Object memoryId) {
        Optional<ChatSessionId> session = session(memoryId, false);
        if (session.isEmpty()) {
            return List.of();
        }
        List<ChatMessage> messages = new ArrayList<>();
        for (Message stored : scope.chats().history(session.get(), null, WINDOW)) {
            messages.add(MessageCodec.decode(stored));
        }
        return messages;
    }

    /** Makes the memory's thread equal {@code messages}, appending only what it does not hold yet. */
    @Override
    public void updateMessages(Object memoryId, List<ChatMessage> messages) {
        Objects.requireNonNull(messages, "messages");
        ChatSessionId session = session(memoryId, true).orElseThrow();
        List<Message> stored = scope.chats().history(session, null, WINDOW);
        List<MessageId> removed = new ArrayList<>();
        MessageId parent = null;
        int next = 0;
        for (Message message : stored) {
            if (next < messages.size() && MessageCodec.decode(message).equals(messages.get(next))) {
                parent = message.id();
                next++;
            } else {
                removed.add(message.id());
            }
        }
        for (int from = 0; from < removed.size(); from += DELETE_BATCH) {
            scope.chats().deleteMessages(session, removed.subList(from, Math.min(removed.size(), from + DELETE_BATCH)));
        }
        for (ChatMessage message : messages.subList(next, messages.size())) {
            NewMessage encoded = MessageCodec.encode(message);
            parent = scope.chats().append(session, NewMessage.builder(encoded.role(), encoded.content()).parent(parent)
                    .metadata(encoded.metadata()).build()).id();
        }
    }

    /** Removes the memory's messages; its session stays. */
    @Override
    public void deleteMessages(Object memoryId) {
        Optional<ChatSessionId> session = session(memoryId, false);
        if (session.isEmpty()) {
            return;
        }
        List<MessageId> ids = scope.chats().history(session.get(), null, WINDOW).stream().map(Message::id).toList();
        for (int from = 0; from < ids.size(); from += DELETE_BATCH) {
            scope.chats().deleteMessages(session.get(), ids.subList(from, Math.min(ids.size(), from + DELETE_BATCH)));
        }
    }

    private Optional<ChatSessionId> session(Object memoryId, boolean create) {
        Objects.requireNonNull(memoryId, "memoryId");
        if (memoryId instanceof ChatSessionId id) {
            return Optional.of(id);
        }
        if (memoryId instanceof UUID uuid) {
            return Optional.of(new ChatSessionId(uuid));
        }
        String text = memoryId.toString();
        try {
            UUID uuid = UUID.fromString(text);
            if (uuid.toString().equals(text)) {
                return Optional.of(new ChatSessionId(uuid));
            }
        } catch (IllegalArgumentException notUuid) {
            // a name: looked up below
        }
        ChatSessionId known = sessions.get(text);
        if (known != null && scope.chats().find(known).isPresent()) {
            return Optional.of(known);
        }
        Optional<ChatSessionId> found = findByMemoryId(text);
        if (found.isEmpty() && create) {
            String title = text.isBlank() ? "langchain4j memory" : text.substring(0, Math.min(200, text.length()));
            found = Optional.of(scope.chats().create(title, "", Map.of(MEMORY_ID, text), List.of()).id());
        }
        found.ifPresent(id -> sessions.put(text, id));
        return found;
    }

    private Optional<ChatSessionId> findByMemoryId(String text) {
        PageRequest request = PageRequest.first(100);
        while (true) {
            Page<ChatSession> page = scope.chats().list(request);
            for (ChatSession session : page.items()) {
                if (text.equals(session.modelConfig().get(MEMORY_ID))) {
                    return Optional.of(session.id());
                }
            }
            if (page.nextCursor() == null) {
                return Optional.empty();
            }
            request = new PageRequest(100, page.nextCursor());
        }
    }
}
