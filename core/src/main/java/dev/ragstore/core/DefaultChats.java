package dev.ragstore.core;

import dev.ragstore.core.chat.ChatSession;
import dev.ragstore.core.chat.ChatSessionId;
import dev.ragstore.core.chat.Chats;
import dev.ragstore.core.chat.Citation;
import dev.ragstore.core.chat.Message;
import dev.ragstore.core.chat.MessageId;
import dev.ragstore.core.chat.MessageRole;
import dev.ragstore.core.chat.NewMessage;
import dev.ragstore.core.document.Document;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.error.ConflictException;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.internal.Checks;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.page.Page;
import dev.ragstore.core.page.PageRequest;
import dev.ragstore.core.user.UserId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** The chat sessions of one user and their message trees. */
final class DefaultChats implements Chats {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultChats.class);

    /** The longest history window, in messages. */
    static final int MAX_WINDOW = 10_000;

    /** The {@code ConflictException} rule of an idempotency key reused for a different message. */
    static final String MESSAGE_KEY_REUSED = "message.idempotency_key.reused";

    private final StoreContext context;
    private final UserId owner;

    DefaultChats(StoreContext context, UserId owner) {
        this.context = context;
        this.owner = owner;
    }

    @Override
    public ChatSession create(String title, String description, Map<String, ?> modelConfig,
            List<KnowledgeBaseId> knowledgeBases) {
        Objects.requireNonNull(modelConfig, "modelConfig");
        Objects.requireNonNull(knowledgeBases, "knowledgeBases");
        Instant now = context.now();
        ChatSession session = new ChatSession(new ChatSessionId(context.ids().next()), owner, title, description,
                Checks.metadata(modelConfig), List.copyOf(new LinkedHashSet<>(knowledgeBases)), 0, 0, now, now, now);
        Lookups.liveKnowledgeBaseIds(context, owner, session.knowledgeBaseIds());
        return context.relational().chats().insertSession(session, context.today());
    }

    @Override
    public Optional<ChatSession> find(ChatSessionId id) {
        Objects.requireNonNull(id, "id");
        return context.relational().chats().findSession(owner, id);
    }

    @Override
    public Page<ChatSession> list(PageRequest page) {
        Objects.requireNonNull(page, "page");
        return context.relational().chats().listSessions(owner, page);
    }

    @Override
    public ChatSession rename(ChatSessionId id, String title) {
        Objects.requireNonNull(id, "id");
        Checks.name("chat session title", title);
        ChatSession current = session(id);
        return context.relational().chats().updateSession(current.withTitle(title).withUpdatedAt(context.now()));
    }

    @Override
    public ChatSession update(ChatSessionId id, String title, String description, Map<String, ?> modelConfig,
            List<KnowledgeBaseId> knowledgeBases) {
        Objects.requireNonNull(id, "id");
        Checks.name("chat session title", title);
        Checks.text("chat session description", description, Checks.MAX_DESCRIPTION);
        Map<String, Object> config = Checks.metadata(modelConfig);
        Objects.requireNonNull(knowledgeBases, "knowledgeBases");
        ChatSession current = session(id);
        List<KnowledgeBaseId> live = Lookups.liveKnowledgeBaseIds(context, owner, knowledgeBases);
        return context.relational().chats().updateSession(current.withTitle(title).withDescription(description)
                .withModelConfig(config).withKnowledgeBaseIds(live).withUpdatedAt(context.now()));
    }

    @Override
    public void delete(ChatSessionId id) {
        Objects.requireNonNull(id, "id");
        session(id);
        List<Document> attached = context.relational().documents().listBySession(owner, id);
        Map<KnowledgeBaseId, String> spaces = new HashMap<>();
        for (Document document : attached) {
            spaces.computeIfAbsent(document.knowledgeBaseId(), kb -> context.relational().knowledgeBases()
                    .findById(owner, kb).map(KnowledgeBase::embeddingSpace).orElse(context.embedder().space().name()));
        }
        if (!context.relational().chats().deleteSession(owner, id)) {
            throw new NotFoundException("chat session", id);
        }
        if (!context.vectorIndex().followsRelationalDeletes()) {
            for (Document document : attached) {
                context.vectorIndex().deleteDocument(spaces.get(document.knowledgeBaseId()), owner, document.id());
            }
        }
        LOG.debug("Deleted chat session {} of user {} with {} attached documents", id, owner, attached.size());
    }

    @Override
    public Message append(ChatSessionId sessionId, NewMessage message) {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(message, "message");
        String key = message.idempotencyKey();
        if (key != null) {
            // a repeat returns the first outcome even if a cited document was deleted since
            Optional<Message> earlier = context.relational().chats().findByIdempotencyKey(owner, sessionId, key);
            if (earlier.isPresent()) {
                return replayed(key, message, earlier.get());
            }
        }
        Message stored = new Message(new MessageId(context.ids().next()), sessionId,
                message.role() == MessageRole.USER ? owner : null, message.parentId(), message.role(), message.content(),
                message.tokenCount(), message.model(), message.citations(), message.attachedDocumentIds(),
                message.processingMillis(), context.now(), message.metadata());
        session(sessionId);
        Set<DocumentId> documents = new LinkedHashSet<>(message.attachedDocumentIds());
        for (Citation citation : message.citations()) {
            documents.add(citation.documentId());
        }
        Map<DocumentId, Document> found = new HashMap<>();
        for (DocumentId document : documents) {
            found.put(document, context.relational().documents().findById(owner, document)
                    .orElseThrow(() -> new NotFoundException("document", document)));
        }
        List<Citation> citations = message.citations();
        for (int i = 0; i < citations.size(); i++) {
            checkCitation(i, citations.get(i), found.get(citations.get(i).documentId()));
        }
        Message appended = context.relational().chats().append(owner, stored, context.today(), key);
        return appended.id().equals(stored.id()) ? appended : replayed(key, message, appended);
    }

    /** The message stored earlier with {@code key} if {@code requested} is the same message, else the conflict. */
    private static Message replayed(String key, NewMessage requested, Message earlier) {
        if (!requested.sameAs(earlier)) {
            throw new ConflictException(MESSAGE_KEY_REUSED, "message idempotency key '" + key + "' was already used in chat "
                    + "session " + earlier.sessionId() + " for message " + earlier.id() + " with a different parent, role, "
                    + "content, token count, model, citations, attached documents or metadata (rule " + MESSAGE_KEY_REUSED
                    + "); nothing was written");
        }
        LOG.debug("Append with idempotency key {} repeated; returning message {}", key, earlier.id());
        return earlier;
    }

    @Override
    public Message updateMessage(MessageId messageId, String content, int tokenCount) {
        Objects.requireNonNull(messageId, "messageId");
        Checks.text("message content", content, Checks.MAX_TEXT);
        Checks.nonNegative("message token count", tokenCount);
        return context.relational().chats().updateMessage(owner, messageId, content, tokenCount, context.today());
    }

    @Override
    public int deleteMessages(ChatSessionId sessionId, Collection<MessageId> messageIds) {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(messageIds, "messageIds");
        if (messageIds.size() > Checks.MAX_IDS) {
            throw InvalidInputException.of("message ids", "must list at most " + Checks.MAX_IDS + " elements",
                    messageIds.size());
        }
        Set<MessageId> ids = new LinkedHashSet<>();
        for (MessageId id : messageIds) {
            ids.add(Objects.requireNonNull(id, "message id"));
        }
        session(sessionId);
        if (ids.isEmpty()) {
            return 0;
        }
        int removed = context.relational().chats().deleteMessages(owner, sessionId, Set.copyOf(ids));
        LOG.debug("Deleted {} messages of chat session {} of user {}", removed, sessionId, owner);
        return removed;
    }

    @Override
    public List<Message> history(ChatSessionId sessionId, MessageId leaf, int window) {
        Objects.requireNonNull(sessionId, "sessionId");
        if (window < 1 || window > MAX_WINDOW) {
            throw InvalidInputException.of("history window", "must be between 1 and " + MAX_WINDOW, window);
        }
        session(sessionId);
        MessageId end = leaf;
        if (end == null) {
            Optional<Message> latest = context.relational().chats().latestMessage(owner, sessionId);
            if (latest.isEmpty()) {
                return List.of();
            }
            end = latest.get().id();
        } else {
            MessageId id = leaf;
            context.relational().chats().findMessage(owner, id)
                    .filter(found -> found.sessionId().equals(sessionId))
                    .orElseThrow(() -> new NotFoundException("message", id));
        }
        return context.relational().chats().path(owner, end, window);
    }

    @Override
    public List<Message> branches(MessageId messageId) {
        Objects.requireNonNull(messageId, "messageId");
        if (context.relational().chats().findMessage(owner, messageId).isEmpty()) {
            throw new NotFoundException("message", messageId);
        }
        return context.relational().chats().children(owner, messageId);
    }

    /**
     * A citation's chunk must be a (live) chunk of the cited document, and its page one of that
     * document's pages (1 to {@code pages}; none for a document without pages). Another user's
     * chunk reads like a chunk of another document, so nothing about it leaks.
     */
    private void checkCitation(int index, Citation citation, Document document) {
        String field = "message citations[" + index + "]";
        if (citation.chunkId() != null) {
            boolean ofDocument = context.relational().chunks().findLive(owner, List.of(citation.chunkId())).stream()
                    .anyMatch(live -> live.chunk().documentId().equals(document.id()));
            if (!ofDocument) {
                throw InvalidInputException.of(field + " chunk", "must be a chunk of the cited document "
                        + document.id() + " (rule citation.chunk)", citation.chunkId());
            }
        }
        if (citation.page() != null && (citation.page() < 1 || citation.page() > document.pages())) {
            throw InvalidInputException.of(field + " page", document.pages() == 0
                    ? "must be null: the cited document " + document.id() + " has no pages (rule citation.page)"
                    : "must be between 1 and " + document.pages() + ", the pages of the cited document "
                            + document.id() + " (rule citation.page)", citation.page());
        }
    }

    private ChatSession session(ChatSessionId id) {
        return context.relational().chats().findSession(owner, id)
                .orElseThrow(() -> new NotFoundException("chat session", id));
    }
}
