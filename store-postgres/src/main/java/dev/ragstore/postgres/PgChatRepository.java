package dev.ragstore.postgres;

import dev.ragstore.core.chat.ChatRepository;
import dev.ragstore.core.chat.ChatSession;
import dev.ragstore.core.chat.ChatSessionId;
import dev.ragstore.core.chat.Message;
import dev.ragstore.core.chat.MessageId;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.error.QuotaExceededException;
import dev.ragstore.core.page.Page;
import dev.ragstore.core.page.PageRequest;
import dev.ragstore.core.usage.UsageDelta;
import dev.ragstore.core.user.UserId;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongSupplier;

import dev.ragstore.postgres.internal.PgHints;
import dev.ragstore.postgres.internal.PgKeyset;
import org.jdbi.v3.core.Handle;

import static dev.ragstore.postgres.internal.PgRows.timestamp;

/**
 * Chat sessions and message trees on PostgreSQL; every call runs in the owner's scope. An append
 * is one transaction that first locks the session row by incrementing its counters, so the
 * counters always equal the truth and concurrent appends to one session serialize on that row; its
 * tokens are checked against the owner's plan in the same statement that counts them. A session's
 * insert is checked against the plan's session limit by the V6 trigger on {@code chat_sessions}.
 */
final class PgChatRepository implements ChatRepository {

    private static final String SESSION_COLUMNS = "id, owner_id, title, description, model_config, knowledge_base_ids, "
            + "total_messages, total_tokens, last_activity_at, created_at, updated_at";
    private static final String MESSAGE_COLUMNS = "id, owner_id, session_id, author_id, parent_id, role, content, "
            + "token_count, model, citations, attached_document_ids, processing_millis, created_at, metadata";

    private final PgContext context;
    private final PgUsageRepository usage;
    private final PgKnowledgeBaseReferences references;
    private final String insertSession;
    private final String findSession;
    private final PgKeyset list;
    private final String updateSession;
    private final String lockSession;
    private final String sessionDocuments;
    private final String deleteSession;
    private final String append;
    private final String lockMessageSession;
    private final String messageTokens;
    private final String updateMessage;
    private final String moveSessionTokens;
    private final String sessionMessages;
    private final String reparent;
    private final String deleteMessages;
    private final String uncountSession;
    private final String findMessage;
    private final String findByKey;
    private final String path;
    private final String latest;
    private final String children;

    PgChatRepository(PgContext context, PgUsageRepository usage) {
        this.context = context;
        this.usage = usage;
        this.references = new PgKnowledgeBaseReferences(context);
        this.insertSession = context.sql("INSERT INTO {schema}.chat_sessions (" + SESSION_COLUMNS + ") VALUES (:id, :owner, "
                + ":title, :description, CAST(:modelConfig AS jsonb), :knowledgeBases, :totalMessages, :totalTokens, "
                + ":lastActivityAt, :createdAt, :updatedAt) RETURNING " + SESSION_COLUMNS);
        this.findSession = context.sql("SELECT " + SESSION_COLUMNS + " FROM {schema}.chat_sessions "
                + "WHERE owner_id = :owner AND id = :id");
        this.list = new PgKeyset(context.sql("SELECT " + SESSION_COLUMNS + " FROM {schema}.chat_sessions WHERE owner_id = :owner"), "id");
        this.updateSession = context.sql("UPDATE {schema}.chat_sessions SET title = :title, description = :description, "
                + "model_config = CAST(:modelConfig AS jsonb), knowledge_base_ids = :knowledgeBases, updated_at = :updatedAt "
                + "WHERE owner_id = :owner AND id = :id RETURNING " + SESSION_COLUMNS);
        // the row lock keeps documents from being attached while the session is deleted
        this.lockSession = context.sql("SELECT id FROM {schema}.chat_sessions WHERE owner_id = :owner AND id = :id FOR UPDATE");
        this.sessionDocuments = context.sql("SELECT id FROM {schema}.documents WHERE owner_id = :owner "
                + "AND chat_session_id = :id ORDER BY id");
        this.deleteSession = context.sql("DELETE FROM {schema}.chat_sessions WHERE owner_id = :owner AND id = :id");
        // one statement, one round trip: counters (locking the session row), the parent check (it must be of the same
        // session), the day's usage if the plan's daily token limit allows it (the same conditional upsert as
        // tryConsumeTokens, the limit read from the owner's plan), the message only if both passed, then the lifetime
        // total; "lifetime" reads "counted", so the usage row is always locked before the user row, the order every
        // other statement of the adapter uses. A message of 0 tokens is never refused.
        this.append = context.sql("WITH counted_session AS (UPDATE {schema}.chat_sessions SET total_messages = "
                + "total_messages + 1, total_tokens = total_tokens + CAST(:tokenCount AS bigint), last_activity_at = :createdAt "
                + "WHERE owner_id = :owner AND id = :session RETURNING id), "
                + "parented AS (SELECT counted_session.id FROM counted_session WHERE CAST(:parent AS uuid) IS NULL "
                + "OR EXISTS (SELECT 1 FROM {schema}.messages p WHERE p.id = CAST(:parent AS uuid) "
                + "AND p.session_id = counted_session.id AND p.owner_id = :owner)), "
                + PgUsageRepository.PLAN_QUOTA + ", "
                + "counted AS (INSERT INTO {schema}.usage_days AS d (owner_id, day, tokens, messages) "
                + "SELECT :owner, CAST(:day AS date), CAST(:tokenCount AS bigint), 1 FROM parented "
                + "WHERE NOT EXISTS (SELECT 1 FROM quota) OR CAST(:tokenCount AS bigint) <= (SELECT token_limit FROM quota) "
                + "ON CONFLICT (owner_id, day) DO UPDATE SET tokens = d.tokens + excluded.tokens, "
                + "messages = d.messages + excluded.messages "
                + "WHERE excluded.tokens = 0 OR NOT EXISTS (SELECT 1 FROM quota) "
                + "OR d.tokens <= (SELECT token_limit FROM quota) - excluded.tokens "
                + "RETURNING d.owner_id), "
                + "appended AS (INSERT INTO {schema}.messages (" + MESSAGE_COLUMNS + ", idempotency_key) SELECT :id, :owner, "
                + "parented.id, CAST(:author AS uuid), CAST(:parent AS uuid), :role, :content, :tokenCount, "
                + "CAST(:model AS text), CAST(:citations AS jsonb), CAST(:attached AS jsonb), :processingMillis, :createdAt, "
                + "CAST(:metadata AS jsonb), "
                + "CAST(:idempotencyKey AS text) FROM parented, counted "
                + "RETURNING " + MESSAGE_COLUMNS + "), "
                + "lifetime AS (UPDATE {schema}.users SET lifetime_tokens = lifetime_tokens + CAST(:tokenCount AS bigint) "
                + "FROM counted WHERE users.id = counted.owner_id AND CAST(:tokenCount AS bigint) > 0) "
                + "SELECT (SELECT count(*) FROM counted_session) AS sessions, (SELECT count(*) FROM parented) AS parents, "
                + "(SELECT plan_name FROM quota) AS plan_name, (SELECT token_limit FROM quota) AS token_limit, appended.* "
                + "FROM (VALUES (1)) AS one (x) LEFT JOIN appended ON true");
        // updateMessage: the session row first (as appends lock it), then the message as it is now
        this.lockMessageSession = context.sql("SELECT s.id FROM {schema}.chat_sessions s JOIN {schema}.messages m "
                + "ON m.session_id = s.id WHERE m.owner_id = :owner AND m.id = :id AND s.owner_id = :owner FOR UPDATE OF s");
        this.messageTokens = context.sql("SELECT token_count FROM {schema}.messages WHERE owner_id = :owner AND id = :id");
        this.updateMessage = context.sql("UPDATE {schema}.messages SET content = :content, token_count = :tokenCount "
                + "WHERE owner_id = :owner AND id = :id RETURNING " + MESSAGE_COLUMNS);
        this.moveSessionTokens = context.sql("UPDATE {schema}.chat_sessions SET total_tokens = total_tokens + :delta "
                + "WHERE owner_id = :owner AND id = :session");
        // deleteMessages: how many of the ids are messages of the (locked) session
        this.sessionMessages = context.sql("SELECT count(*) FROM {schema}.messages WHERE owner_id = :owner "
                + "AND session_id = :session AND id = ANY(:ids)");
        // each kept reply of a removed message moves to the removed message's nearest kept ancestor (NULL: a root)
        this.reparent = context.sql("WITH RECURSIVE up (id, ancestor) AS (SELECT m.id, m.parent_id FROM {schema}.messages m "
                + "WHERE m.owner_id = :owner AND m.session_id = :session AND m.id = ANY(:ids) "
                + "UNION ALL SELECT up.id, p.parent_id FROM up JOIN {schema}.messages p ON p.id = up.ancestor "
                + "WHERE p.owner_id = :owner AND p.id = ANY(:ids)), "
                + "nearest AS (SELECT id, ancestor FROM up WHERE ancestor IS NULL OR NOT (ancestor = ANY(:ids))) "
                + "UPDATE {schema}.messages c SET parent_id = nearest.ancestor FROM nearest "
                + "WHERE c.owner_id = :owner AND c.parent_id = nearest.id AND NOT (c.id = ANY(:ids))");
        this.deleteMessages = context.sql("WITH removed AS (DELETE FROM {schema}.messages WHERE owner_id = :owner "
                + "AND session_id = :session AND id = ANY(:ids) RETURNING token_count) "
                + "SELECT count(*) AS messages, coalesce(sum(token_count), 0) AS tokens FROM removed");
        this.uncountSession = context.sql("UPDATE {schema}.chat_sessions SET total_messages = total_messages - :messages, "
                + "total_tokens = total_tokens - :tokens WHERE owner_id = :owner AND id = :session");
        this.findByKey = context.sql("SELECT " + MESSAGE_COLUMNS + " FROM {schema}.messages WHERE owner_id = :owner "
                + "AND session_id = :session AND idempotency_key = :idempotencyKey");
        this.findMessage = context.sql("SELECT " + MESSAGE_COLUMNS + " FROM {schema}.messages WHERE owner_id = :owner AND id = :id");
        this.path = context.sql("WITH RECURSIVE path AS (SELECT " + MESSAGE_COLUMNS + ", 1 AS depth FROM {schema}.messages "
                + "WHERE owner_id = :owner AND id = :leaf UNION ALL SELECT " + prefixed("m.", MESSAGE_COLUMNS)
                + ", p.depth + 1 FROM {schema}.messages m JOIN path p ON m.id = p.parent_id "
                + "WHERE p.depth < :window AND m.owner_id = :owner) SELECT " + MESSAGE_COLUMNS + " FROM path ORDER BY depth DESC");
        this.latest = context.sql("SELECT " + MESSAGE_COLUMNS + " FROM {schema}.messages WHERE owner_id = :owner "
                + "AND session_id = :session ORDER BY id DESC LIMIT 1");
        this.children = context.sql("SELECT " + MESSAGE_COLUMNS + " FROM {schema}.messages WHERE owner_id = :owner "
                + "AND parent_id = :parent ORDER BY id");
    }

    @Override
    public ChatSession insertSession(ChatSession session, LocalDate usageDay) {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(usageDay, "usageDay");
        UserId owner = session.ownerId();
        return context.tx().owner(owner, PgHints.none().with("id", session.id()), h -> {
            ChatSession stored = h.createQuery(insertSession)
                    .bind("id", session.id().value())
                    .bind("owner", owner.value())
                    .bind("title", session.title())
                    .bind("description", session.description())
                    .bind("modelConfig", context.json().writeMetadata(session.modelConfig()))
                    .bind("knowledgeBases", PgKnowledgeBaseReferences.array(session.knowledgeBaseIds()))
                    .bind("totalMessages", session.totalMessages())
                    .bind("totalTokens", session.totalTokens())
                    .bindByType("lastActivityAt", timestamp(session.lastActivityAt()), OffsetDateTime.class)
                    .bindByType("createdAt", timestamp(session.createdAt()), OffsetDateTime.class)
                    .bindByType("updatedAt", timestamp(session.updatedAt()), OffsetDateTime.class)
                    .map((rs, ctx) -> context.rows().session(rs)).one();
            references.requireAll(h, owner, session.knowledgeBaseIds());
            usage.add(h, owner, usageDay, UsageDelta.session());
            return stored;
        });
    }

    @Override
    public Optional<ChatSession> findSession(UserId owner, ChatSessionId id) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(id, "id");
        return context.tx().owner(owner, h -> h.createQuery(findSession).bind("owner", owner.value()).bind("id", id.value())
                .map((rs, ctx) -> context.rows().session(rs)).findOne());
    }

    @Override
    public Page<ChatSession> listSessions(UserId owner, PageRequest page) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(page, "page");
        List<ChatSession> fetched = context.tx().owner(owner, h -> list.query(h, page)
                .bind("owner", owner.value())
                .map((rs, ctx) -> context.rows().session(rs)).list());
        return Page.of(fetched, page.limit(), ChatSession::id);
    }

    @Override
    public ChatSession updateSession(ChatSession session) {
        Objects.requireNonNull(session, "session");
        UserId owner = session.ownerId();
        return context.tx().owner(owner, h -> {
            ChatSession updated = h.createQuery(updateSession)
                    .bind("id", session.id().value())
                    .bind("owner", owner.value())
                    .bind("title", session.title())
                    .bind("description", session.description())
                    .bind("modelConfig", context.json().writeMetadata(session.modelConfig()))
                    .bind("knowledgeBases", PgKnowledgeBaseReferences.array(session.knowledgeBaseIds()))
                    .bindByType("updatedAt", timestamp(session.updatedAt()), OffsetDateTime.class)
                    .map((rs, ctx) -> context.rows().session(rs)).findOne()
                    .orElseThrow(() -> new NotFoundException("chat session", session.id()));
            references.requireAll(h, owner, session.knowledgeBaseIds());
            return updated;
        });
    }

    @Override
    public boolean deleteSession(UserId owner, ChatSessionId id) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(id, "id");
        return context.tx().owner(owner, h -> {
            if (h.createQuery(lockSession).bind("owner", owner.value()).bind("id", id.value()).mapTo(UUID.class).findOne().isEmpty()) {
                return false;
            }
            List<DocumentId> documents = h.createQuery(sessionDocuments).bind("owner", owner.value()).bind("id", id.value())
                    .mapTo(UUID.class).map(DocumentId::new).list();
            h.createUpdate(deleteSession).bind("owner", owner.value()).bind("id", id.value()).execute();
            context.extensions().documentsDeleted(h, owner, documents);
            return true;
        });
    }

    @Override
    public Message append(UserId owner, Message message, LocalDate usageDay, String idempotencyKey) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(usageDay, "usageDay");
        PgHints hints = PgHints.none().with("id", message.id()).with("author", message.authorId())
                .with("parent", message.parentId()).with("session", message.sessionId())
                .with("idempotencyKey", idempotencyKey);
        return context.tx().owner(owner, hints, h -> {
            if (idempotencyKey != null) {
                // Appends with a key first lock the session row (the append would lock it next anyway, so the
                // lock order is unchanged): a racing retry with the same key waits here until the first append
                // commits, and its next statement (read committed) then finds that message. The unique index
                // messages_idempotency_key stays the last word.
                if (h.createQuery(lockSession).bind("owner", owner.value()).bind("id", message.sessionId().value())
                        .mapTo(UUID.class).findOne().isEmpty()) {
                    throw new NotFoundException("chat session", message.sessionId());
                }
                Optional<Message> earlier = findByKey(h, owner, message.sessionId(), idempotencyKey);
                if (earlier.isPresent()) {
                    return earlier.get();
                }
            }
            return appendIn(h, owner, message, usageDay, idempotencyKey);
        });
    }

    private Message appendIn(Handle h, UserId owner, Message message, LocalDate usageDay, String idempotencyKey) {
        return h.createQuery(append)
                .bind("id", message.id().value())
                .bind("owner", owner.value())
                .bind("session", message.sessionId().value())
                .bindByType("author", message.authorId() == null ? null : message.authorId().value(), UUID.class)
                .bindByType("parent", message.parentId() == null ? null : message.parentId().value(), UUID.class)
                .bind("role", message.role().name())
                .bind("content", message.content())
                .bind("tokenCount", message.tokenCount())
                .bind("model", message.model())
                .bind("citations", context.json().writeCitations(message.citations()))
                .bind("attached", context.json().writeDocumentIds(message.attachedDocumentIds()))
                .bind("processingMillis", message.processingMillis())
                .bindByType("createdAt", timestamp(message.createdAt()), OffsetDateTime.class)
                .bind("metadata", context.json().writeMetadata(message.metadata()))
                .bind("day", usageDay)
                .bindByType("idempotencyKey", idempotencyKey, String.class)
                .map((rs, ctx) -> new Appended(rs.getLong("sessions") > 0, rs.getLong("parents") > 0,
                        rs.getString("plan_name"), rs.getLong("token_limit"),
                        rs.getObject("id") == null ? null : context.rows().message(rs)))
                .one()
                .message(message, () -> usage.tokensIn(h, owner, usageDay));
    }

    @Override
    public Optional<Message> findByIdempotencyKey(UserId owner, ChatSessionId sessionId, String idempotencyKey) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        return context.tx().owner(owner, h -> findByKey(h, owner, sessionId, idempotencyKey));
    }

    private Optional<Message> findByKey(Handle h, UserId owner, ChatSessionId sessionId, String idempotencyKey) {
        return h.createQuery(findByKey).bind("owner", owner.value()).bind("session", sessionId.value())
                .bind("idempotencyKey", idempotencyKey)
                .map((rs, ctx) -> context.rows().message(rs)).findOne();
    }

    /**
     * What the append statement found: whether the session is the owner's, whether the parent is
     * of that session, the owner's plan (its name is {@code null} without a plan), and the stored
     * message if any.
     */
    private record Appended(boolean sessionFound, boolean parentFound, String planName, long tokenLimit, Message stored) {

        Message message(Message requested, LongSupplier usedTokens) {
            // the session's counters moved in the same statement; each exception here rolls them back
            if (!sessionFound) {
                throw new NotFoundException("chat session", requested.sessionId());
            }
            if (!parentFound) {
                throw new NotFoundException("message", requested.parentId());
            }
            if (stored == null) {
                throw new QuotaExceededException(QuotaExceededException.DAILY_TOKENS, planName, tokenLimit,
                        usedTokens.getAsLong(), requested.tokenCount());
            }
            return stored;
        }
    }

    @Override
    public Message updateMessage(UserId owner, MessageId id, String content, int tokenCount, LocalDate usageDay) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(usageDay, "usageDay");
        return context.tx().owner(owner, PgHints.none().with("id", id), h -> {
            UUID session = h.createQuery(lockMessageSession).bind("owner", owner.value()).bind("id", id.value())
                    .mapTo(UUID.class).findOne()
                    .orElseThrow(() -> new NotFoundException("message", id));
            // read after the lock: a racing update of the same message has committed by now
            int before = h.createQuery(messageTokens).bind("owner", owner.value()).bind("id", id.value())
                    .mapTo(Integer.class).one();
            long delta = (long) tokenCount - before;
            if (delta > 0) {
                usage.consumeWithinPlan(h, owner, usageDay, delta);
            }
            Message updated = h.createQuery(updateMessage).bind("owner", owner.value()).bind("id", id.value())
                    .bind("content", content).bind("tokenCount", tokenCount)
                    .map((rs, ctx) -> context.rows().message(rs)).one();
            if (delta != 0) {
                h.createUpdate(moveSessionTokens).bind("owner", owner.value()).bind("session", session)
                        .bind("delta", delta).execute();
            }
            return updated;
        });
    }

    @Override
    public int deleteMessages(UserId owner, ChatSessionId sessionId, Set<MessageId> ids) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(ids, "ids");
        UUID[] array = ids.stream().map(MessageId::value).toArray(UUID[]::new);
        return context.tx().owner(owner, PgHints.none().with("session", sessionId), h -> {
            // the session row first, as appends lock it: no append can attach a reply to a message being removed
            if (h.createQuery(lockSession).bind("owner", owner.value()).bind("id", sessionId.value())
                    .mapTo(UUID.class).findOne().isEmpty()) {
                throw new NotFoundException("chat session", sessionId);
            }
            long found = h.createQuery(sessionMessages).bind("owner", owner.value()).bind("session", sessionId.value())
                    .bind("ids", array).mapTo(Long.class).one();
            if (found != array.length) {
                List<UUID> present = h.createQuery(findMessage.replace("id = :id", "id = ANY(:ids)")
                                + " AND session_id = :session")
                        .bind("owner", owner.value()).bind("ids", array).bind("session", sessionId.value())
                        .map((rs, ctx) -> rs.getObject("id", UUID.class)).list();
                MessageId missing = ids.stream().filter(id -> !present.contains(id.value())).findFirst().orElseThrow();
                throw new NotFoundException("message", missing);
            }
            h.createUpdate(reparent).bind("owner", owner.value()).bind("session", sessionId.value()).bind("ids", array)
                    .execute();
            long[] removed = h.createQuery(deleteMessages).bind("owner", owner.value()).bind("session", sessionId.value())
                    .bind("ids", array).map((rs, ctx) -> new long[] {rs.getLong("messages"), rs.getLong("tokens")}).one();
            h.createUpdate(uncountSession).bind("owner", owner.value()).bind("session", sessionId.value())
                    .bind("messages", removed[0]).bind("tokens", removed[1]).execute();
            return (int) removed[0];
        });
    }

    @Override
    public Optional<Message> findMessage(UserId owner, MessageId id) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(id, "id");
        return context.tx().owner(owner, h -> h.createQuery(findMessage).bind("owner", owner.value()).bind("id", id.value())
                .map((rs, ctx) -> context.rows().message(rs)).findOne());
    }

    @Override
    public List<Message> path(UserId owner, MessageId leaf, int window) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(leaf, "leaf");
        if (window < 1) {
            throw InvalidInputException.of("history window", "must be >= 1", window);
        }
        return context.tx().owner(owner, h -> h.createQuery(path).bind("owner", owner.value()).bind("leaf", leaf.value())
                .bind("window", window)
                .map((rs, ctx) -> context.rows().message(rs)).list());
    }

    @Override
    public Optional<Message> latestMessage(UserId owner, ChatSessionId sessionId) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(sessionId, "sessionId");
        return context.tx().owner(owner, h -> h.createQuery(latest).bind("owner", owner.value())
                .bind("session", sessionId.value())
                .map((rs, ctx) -> context.rows().message(rs)).findOne());
    }

    @Override
    public List<Message> children(UserId owner, MessageId parent) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(parent, "parent");
        return context.tx().owner(owner, h -> h.createQuery(children).bind("owner", owner.value())
                .bind("parent", parent.value())
                .map((rs, ctx) -> context.rows().message(rs)).list());
    }

    private static String prefixed(String prefix, String columns) {
        return prefix + columns.replace(", ", ", " + prefix);
    }
}
