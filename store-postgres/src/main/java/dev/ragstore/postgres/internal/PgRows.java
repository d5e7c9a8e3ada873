package dev.ragstore.postgres.internal;

import dev.ragstore.core.apikey.ApiKey;
import dev.ragstore.core.apikey.ApiKeyId;
import dev.ragstore.core.audit.AuditEvent;
import dev.ragstore.core.audit.AuditEventId;
import dev.ragstore.core.chat.ChatSession;
import dev.ragstore.core.chat.ChatSessionId;
import dev.ragstore.core.chat.Message;
import dev.ragstore.core.chat.MessageId;
import dev.ragstore.core.chat.MessageRole;
import dev.ragstore.core.chunk.Chunk;
import dev.ragstore.core.chunk.ChunkId;
import dev.ragstore.core.document.Document;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.document.DocumentStatus;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.model.ModelProfile;
import dev.ragstore.core.model.ModelProfileId;
import dev.ragstore.core.model.ModelStatus;
import dev.ragstore.core.plan.Plan;
import dev.ragstore.core.plan.PlanId;
import dev.ragstore.core.usage.UsageDay;
import dev.ragstore.core.user.Role;
import dev.ragstore.core.user.User;
import dev.ragstore.core.user.UserId;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Maps result rows to domain records, reading columns by the names the schema gives them, and
 * converts values on the way in ({@link #timestamp}). Thread-safe.
 */
public final class PgRows {

    private final PgJson json;

    /** Rows whose JSON columns are read with {@code json}. */
    public PgRows(PgJson json) {
        this.json = Objects.requireNonNull(json, "json");
    }

    /** An instant as the {@code timestamptz} parameter value; {@code null} stays {@code null}. */
    public static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    /** A user row. */
    public User user(ResultSet rs) throws SQLException {
        UUID plan = rs.getObject("plan_id", UUID.class);
        return new User(new UserId(uuid(rs, "id")), rs.getString("username"), rs.getString("email"),
                rs.getString("password_hash"), rs.getString("display_name"), Role.valueOf(rs.getString("role")),
                rs.getBoolean("active"), rs.getBoolean("email_verified"), rs.getBoolean("two_factor_enabled"),
                plan == null ? null : new PlanId(plan),
                rs.getLong("lifetime_tokens"), json.readMetadata(rs.getString("preferences")),
                instant(rs, "last_login_at"), instant(rs, "created_at"), instant(rs, "updated_at"));
    }

    /** A plan row. */
    public Plan plan(ResultSet rs) throws SQLException {
        return new Plan(new PlanId(uuid(rs, "id")), rs.getString("name"), rs.getLong("daily_token_limit"),
                rs.getInt("document_limit"), rs.getInt("session_limit"), rs.getBigDecimal("monthly_price"),
                rs.getBoolean("active"), instant(rs, "created_at"));
    }

    /** An API key row. */
    public ApiKey apiKey(ResultSet rs) throws SQLException {
        return new ApiKey(new ApiKeyId(uuid(rs, "id")), new UserId(uuid(rs, "owner_id")), rs.getString("name"),
                rs.getString("prefix"), rs.getString("secret_hash"), rs.getInt("rate_limit_per_minute"),
                instant(rs, "expires_at"), instant(rs, "last_used_at"), instant(rs, "created_at"));
    }

    /** A knowledge base row. */
    public KnowledgeBase knowledgeBase(ResultSet rs) throws SQLException {
        return new KnowledgeBase(new KnowledgeBaseId(uuid(rs, "id")), new UserId(uuid(rs, "owner_id")),
                rs.getString("name"), rs.getString("description"), rs.getString("embedding_space"),
                json.readMetadata(rs.getString("metadata")), instant(rs, "deleted_at"), instant(rs, "created_at"),
                instant(rs, "updated_at"));
    }

    /** A document row (every column of {@code documents}). */
    public Document document(ResultSet rs) throws SQLException {
        UUID session = rs.getObject("chat_session_id", UUID.class);
        return new Document(new DocumentId(uuid(rs, "id")), new UserId(uuid(rs, "owner_id")),
                new KnowledgeBaseId(uuid(rs, "knowledge_base_id")), session == null ? null : new ChatSessionId(session),
                rs.getString("file_name"), rs.getString("mime_type"), rs.getLong("size_bytes"), rs.getInt("pages"),
                rs.getString("content_hash"), rs.getString("extracted_text"), rs.getString("storage_uri"),
                DocumentStatus.valueOf(rs.getString("status")), rs.getString("error_message"),
                rs.getString("embedding_model"), rs.getLong("tokens_used"), json.readMetadata(rs.getString("metadata")),
                instant(rs, "created_at"), instant(rs, "updated_at"));
    }

    /** A chunk row (without {@code text_search}). */
    public Chunk chunk(ResultSet rs) throws SQLException {
        int page = rs.getInt("page");
        Integer pageOrNull = rs.wasNull() ? null : page;
        return new Chunk(new ChunkId(uuid(rs, "id")), new UserId(uuid(rs, "owner_id")),
                new KnowledgeBaseId(uuid(rs, "knowledge_base_id")), new DocumentId(uuid(rs, "document_id")),
                rs.getInt("chunk_index"), rs.getString("text"), rs.getInt("token_count"), rs.getInt("char_start"),
                rs.getInt("char_end"), pageOrNull, json.readMetadata(rs.getString("metadata")), instant(rs, "created_at"),
                pageBreaks(rs));
    }

    /** The {@code page_breaks} column of a chunk row. */
    private static List<Integer> pageBreaks(ResultSet rs) throws SQLException {
        java.sql.Array array = rs.getArray("page_breaks");
        try {
            Integer[] values = (Integer[]) array.getArray();
            return List.of(values);
        } finally {
            array.free();
        }
    }

    /** A chat session row. */
    public ChatSession session(ResultSet rs) throws SQLException {
        List<KnowledgeBaseId> knowledgeBases = new ArrayList<>();
        for (UUID id : uuids(rs, "knowledge_base_ids")) {
            knowledgeBases.add(new KnowledgeBaseId(id));
        }
        return new ChatSession(new ChatSessionId(uuid(rs, "id")), new UserId(uuid(rs, "owner_id")),
                rs.getString("title"), rs.getString("description"), json.readMetadata(rs.getString("model_config")),
                knowledgeBases, rs.getLong("total_messages"), rs.getLong("total_tokens"),
                instant(rs, "last_activity_at"), instant(rs, "created_at"), instant(rs, "updated_at"));
    }

    /** A message row. */
    public Message message(ResultSet rs) throws SQLException {
        UUID author = rs.getObject("author_id", UUID.class);
        UUID parent = rs.getObject("parent_id", UUID.class);
        return new Message(new MessageId(uuid(rs, "id")), new ChatSessionId(uuid(rs, "session_id")),
                author == null ? null : new UserId(author), parent == null ? null : new MessageId(parent),
                MessageRole.valueOf(rs.getString("role")), rs.getString("content"), rs.getInt("token_count"),
                rs.getString("model"), json.readCitations(rs.getString("citations")),
                json.readDocumentIds(rs.getString("attached_document_ids")), rs.getLong("processing_millis"),
                instant(rs, "created_at"), json.readMetadata(rs.getString("metadata")));
    }

    /** A usage day row. */
    public UsageDay usageDay(ResultSet rs) throws SQLException {
        return new UsageDay(new UserId(uuid(rs, "owner_id")), rs.getObject("day", LocalDate.class), rs.getLong("tokens"),
                rs.getLong("messages"), rs.getLong("documents"), rs.getLong("sessions"));
    }

    /** A model profile row. */
    public ModelProfile modelProfile(ResultSet rs) throws SQLException {
        List<KnowledgeBaseId> knowledgeBases = new ArrayList<>();
        for (UUID id : uuids(rs, "knowledge_base_ids")) {
            knowledgeBases.add(new KnowledgeBaseId(id));
        }
        return new ModelProfile(new ModelProfileId(uuid(rs, "id")), new UserId(uuid(rs, "owner_id")),
                rs.getString("name"), rs.getString("endpoint"), rs.getBytes("sealed_api_key"),
                rs.getString("description"), ModelStatus.valueOf(rs.getString("status")), knowledgeBases,
                instant(rs, "created_at"), instant(rs, "updated_at"));
    }

    /** An audit event row. */
    public AuditEvent auditEvent(ResultSet rs) throws SQLException {
        UUID owner = rs.getObject("owner_id", UUID.class);
        return new AuditEvent(new AuditEventId(uuid(rs, "id")), owner == null ? null : new UserId(owner),
                rs.getString("action"), json.readMetadata(rs.getString("details")), instant(rs, "at"));
    }

    private static UUID uuid(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, UUID.class);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static List<UUID> uuids(ResultSet rs, String column) throws SQLException {
        Array array = rs.getArray(column);
        if (array == null) {
            return List.of();
        }
        try {
            return List.of((UUID[]) array.getArray());
        } finally {
            array.free();
        }
    }
}
