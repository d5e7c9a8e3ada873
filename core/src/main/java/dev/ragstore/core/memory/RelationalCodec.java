package dev.ragstore.core.memory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ragstore.core.apikey.ApiKey;
import dev.ragstore.core.apikey.ApiKeyId;
import dev.ragstore.core.audit.AuditEvent;
import dev.ragstore.core.audit.AuditEventId;
import dev.ragstore.core.chat.ChatSession;
import dev.ragstore.core.chat.ChatSessionId;
import dev.ragstore.core.chat.Citation;
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

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import static dev.ragstore.core.memory.SnapshotJson.bool;
import static dev.ragstore.core.memory.SnapshotJson.bytes;
import static dev.ragstore.core.memory.SnapshotJson.date;
import static dev.ragstore.core.memory.SnapshotJson.enumValue;
import static dev.ragstore.core.memory.SnapshotJson.id;
import static dev.ragstore.core.memory.SnapshotJson.instant;
import static dev.ragstore.core.memory.SnapshotJson.integer;
import static dev.ragstore.core.memory.SnapshotJson.metadata;
import static dev.ragstore.core.memory.SnapshotJson.number;
import static dev.ragstore.core.memory.SnapshotJson.optionalId;
import static dev.ragstore.core.memory.SnapshotJson.optionalInstant;
import static dev.ragstore.core.memory.SnapshotJson.optionalInteger;
import static dev.ragstore.core.memory.SnapshotJson.optionalText;
import static dev.ragstore.core.memory.SnapshotJson.put;
import static dev.ragstore.core.memory.SnapshotJson.putMetadata;
import static dev.ragstore.core.memory.SnapshotJson.real;
import static dev.ragstore.core.memory.SnapshotJson.text;

/** JSON for each relational record of a snapshot, field by field; see {@link SnapshotJson}. */
final class RelationalCodec {

    private RelationalCodec() {
    }

    static ObjectNode user(User u) {
        ObjectNode n = SnapshotJson.object();
        put(n, "id", u.id());
        put(n, "username", u.username());
        put(n, "email", u.email());
        put(n, "passwordHash", u.passwordHash());
        put(n, "displayName", u.displayName());
        put(n, "role", u.role());
        put(n, "active", u.active());
        put(n, "emailVerified", u.emailVerified());
        put(n, "planId", u.planId());
        put(n, "lifetimeTokens", u.lifetimeTokens());
        putMetadata(n, "preferences", u.preferences());
        put(n, "lastLoginAt", u.lastLoginAt());
        put(n, "createdAt", u.createdAt());
        put(n, "updatedAt", u.updatedAt());
        return n;
    }

    static User user(JsonNode n) {
        return new User(id(n, "id", UserId::new), text(n, "username"), optionalText(n, "email"), text(n, "passwordHash"),
                text(n, "displayName"), enumValue(n, "role", Role.class), bool(n, "active"), bool(n, "emailVerified"),
                optionalId(n, "planId", PlanId::new), number(n, "lifetimeTokens"), metadata(n, "preferences"),
                optionalInstant(n, "lastLoginAt"), instant(n, "createdAt"), instant(n, "updatedAt"));
    }

    static ObjectNode plan(Plan p) {
        ObjectNode n = SnapshotJson.object();
        put(n, "id", p.id());
        put(n, "name", p.name());
        put(n, "dailyTokenLimit", p.dailyTokenLimit());
        put(n, "documentLimit", p.documentLimit());
        put(n, "sessionLimit", p.sessionLimit());
        put(n, "monthlyPrice", p.monthlyPrice().toPlainString());
        put(n, "active", p.active());
        put(n, "createdAt", p.createdAt());
        return n;
    }

    static Plan plan(JsonNode n) {
        return new Plan(id(n, "id", PlanId::new), text(n, "name"), number(n, "dailyTokenLimit"), integer(n, "documentLimit"),
                integer(n, "sessionLimit"), SnapshotJson.parse("monthlyPrice", text(n, "monthlyPrice"), BigDecimal::new),
                bool(n, "active"), instant(n, "createdAt"));
    }

    static ObjectNode apiKey(ApiKey k) {
        ObjectNode n = SnapshotJson.object();
        put(n, "id", k.id());
        put(n, "ownerId", k.ownerId());
        put(n, "name", k.name());
        put(n, "prefix", k.prefix());
        put(n, "secretHash", k.secretHash());
        put(n, "rateLimitPerMinute", k.rateLimitPerMinute());
        put(n, "expiresAt", k.expiresAt());
        put(n, "lastUsedAt", k.lastUsedAt());
        put(n, "createdAt", k.createdAt());
        return n;
    }

    static ApiKey apiKey(JsonNode n) {
        return new ApiKey(id(n, "id", ApiKeyId::new), id(n, "ownerId", UserId::new), text(n, "name"), text(n, "prefix"),
                text(n, "secretHash"), integer(n, "rateLimitPerMinute"), optionalInstant(n, "expiresAt"),
                optionalInstant(n, "lastUsedAt"), instant(n, "createdAt"));
    }

    static ObjectNode knowledgeBase(KnowledgeBase kb) {
        ObjectNode n = SnapshotJson.object();
        put(n, "id", kb.id());
        put(n, "ownerId", kb.ownerId());
        put(n, "name", kb.name());
        put(n, "description", kb.description());
        put(n, "embeddingSpace", kb.embeddingSpace());
        putMetadata(n, "metadata", kb.metadata());
        put(n, "deletedAt", kb.deletedAt());
        put(n, "createdAt", kb.createdAt());
        put(n, "updatedAt", kb.updatedAt());
        return n;
    }

    static KnowledgeBase knowledgeBase(JsonNode n) {
        return new KnowledgeBase(id(n, "id", KnowledgeBaseId::new), id(n, "ownerId", UserId::new), text(n, "name"),
                text(n, "description"), text(n, "embeddingSpace"), metadata(n, "metadata"), optionalInstant(n, "deletedAt"),
                instant(n, "createdAt"), instant(n, "updatedAt"));
    }

    static ObjectNode document(Document d) {
        ObjectNode n = SnapshotJson.object();
        put(n, "id", d.id());
        put(n, "ownerId", d.ownerId());
        put(n, "knowledgeBaseId", d.knowledgeBaseId());
        put(n, "chatSessionId", d.chatSessionId());
        put(n, "fileName", d.fileName());
        put(n, "mimeType", d.mimeType());
        put(n, "sizeBytes", d.sizeBytes());
        put(n, "pages", d.pages());
        put(n, "contentHash", d.contentHash());
        put(n, "extractedText", d.extractedText());
        put(n, "storageUri", d.storageUri());
        put(n, "status", d.status());
        put(n, "errorMessage", d.errorMessage());
        put(n, "embeddingModel", d.embeddingModel());
        put(n, "tokensUsed", d.tokensUsed());
        putMetadata(n, "metadata", d.metadata());
        put(n, "createdAt", d.createdAt());
        put(n, "updatedAt", d.updatedAt());
        return n;
    }

    static Document document(JsonNode n) {
        return new Document(id(n, "id", DocumentId::new), id(n, "ownerId", UserId::new),
                id(n, "knowledgeBaseId", KnowledgeBaseId::new), optionalId(n, "chatSessionId", ChatSessionId::new),
                text(n, "fileName"), text(n, "mimeType"), number(n, "sizeBytes"), integer(n, "pages"), text(n, "contentHash"),
                text(n, "extractedText"), optionalText(n, "storageUri"), enumValue(n, "status", DocumentStatus.class),
                optionalText(n, "errorMessage"), optionalText(n, "embeddingModel"), number(n, "tokensUsed"),
                metadata(n, "metadata"), instant(n, "createdAt"), instant(n, "updatedAt"));
    }

    static ObjectNode chunk(Chunk c) {
        ObjectNode n = SnapshotJson.object();
        put(n, "id", c.id());
        put(n, "ownerId", c.ownerId());
        put(n, "knowledgeBaseId", c.knowledgeBaseId());
        put(n, "documentId", c.documentId());
        put(n, "index", c.index());
        put(n, "text", c.text());
        put(n, "tokenCount", c.tokenCount());
        put(n, "charStart", c.charStart());
        put(n, "charEnd", c.charEnd());
        put(n, "page", c.page());
        putMetadata(n, "metadata", c.metadata());
        put(n, "createdAt", c.createdAt());
        return n;
    }

    static Chunk chunk(JsonNode n) {
        return new Chunk(id(n, "id", ChunkId::new), id(n, "ownerId", UserId::new), id(n, "knowledgeBaseId", KnowledgeBaseId::new),
                id(n, "documentId", DocumentId::new), integer(n, "index"), text(n, "text"), integer(n, "tokenCount"),
                integer(n, "charStart"), integer(n, "charEnd"), optionalInteger(n, "page"), metadata(n, "metadata"),
                instant(n, "createdAt"));
    }

    static ObjectNode session(ChatSession s) {
        ObjectNode n = SnapshotJson.object();
        put(n, "id", s.id());
        put(n, "ownerId", s.ownerId());
        put(n, "title", s.title());
        put(n, "description", s.description());
        putMetadata(n, "modelConfig", s.modelConfig());
        ArrayNode knowledgeBases = n.putArray("knowledgeBaseIds");
        s.knowledgeBaseIds().forEach(id -> knowledgeBases.add(id.toString()));
        put(n, "totalMessages", s.totalMessages());
        put(n, "totalTokens", s.totalTokens());
        put(n, "lastActivityAt", s.lastActivityAt());
        put(n, "createdAt", s.createdAt());
        put(n, "updatedAt", s.updatedAt());
        return n;
    }

    static ChatSession session(JsonNode n) {
        return new ChatSession(id(n, "id", ChatSessionId::new), id(n, "ownerId", UserId::new), text(n, "title"),
                text(n, "description"), metadata(n, "modelConfig"), ids(n, "knowledgeBaseIds", KnowledgeBaseId::new),
                number(n, "totalMessages"), number(n, "totalTokens"), instant(n, "lastActivityAt"), instant(n, "createdAt"),
                instant(n, "updatedAt"));
    }

    static ObjectNode message(Message m) {
        ObjectNode n = SnapshotJson.object();
        put(n, "id", m.id());
        put(n, "sessionId", m.sessionId());
        put(n, "authorId", m.authorId());
        put(n, "parentId", m.parentId());
        put(n, "role", m.role());
        put(n, "content", m.content());
        put(n, "tokenCount", m.tokenCount());
        put(n, "model", m.model());
        ArrayNode citations = n.putArray("citations");
        for (Citation c : m.citations()) {
            ObjectNode citation = citations.addObject();
            put(citation, "documentId", c.documentId());
            put(citation, "chunkId", c.chunkId());
            put(citation, "page", c.page());
            put(citation, "snippet", c.snippet());
            citation.put("score", c.score());
        }
        ArrayNode attached = n.putArray("attachedDocumentIds");
        m.attachedDocumentIds().forEach(id -> attached.add(id.toString()));
        put(n, "processingMillis", m.processingMillis());
        put(n, "createdAt", m.createdAt());
        return n;
    }

    static Message message(JsonNode n) {
        List<Citation> citations = new ArrayList<>();
        for (JsonNode c : SnapshotJson.required(n, "citations")) {
            citations.add(new Citation(id(c, "documentId", DocumentId::new), optionalId(c, "chunkId", ChunkId::new),
                    optionalInteger(c, "page"), text(c, "snippet"), real(c, "score")));
        }
        return new Message(id(n, "id", MessageId::new), id(n, "sessionId", ChatSessionId::new),
                optionalId(n, "authorId", UserId::new), optionalId(n, "parentId", MessageId::new),
                enumValue(n, "role", MessageRole.class), text(n, "content"), integer(n, "tokenCount"), optionalText(n, "model"),
                citations, ids(n, "attachedDocumentIds", DocumentId::new), number(n, "processingMillis"),
                instant(n, "createdAt"));
    }

    static ObjectNode usageDay(UsageDay d) {
        ObjectNode n = SnapshotJson.object();
        put(n, "userId", d.userId());
        put(n, "day", d.day());
        put(n, "tokens", d.tokens());
        put(n, "messages", d.messages());
        put(n, "documents", d.documents());
        put(n, "sessions", d.sessions());
        return n;
    }

    static UsageDay usageDay(JsonNode n) {
        return new UsageDay(id(n, "userId", UserId::new), date(n, "day"), number(n, "tokens"), number(n, "messages"),
                number(n, "documents"), number(n, "sessions"));
    }

    static ObjectNode modelProfile(ModelProfile p) {
        ObjectNode n = SnapshotJson.object();
        put(n, "id", p.id());
        put(n, "ownerId", p.ownerId());
        put(n, "name", p.name());
        put(n, "endpoint", p.endpoint());
        put(n, "sealedApiKey", p.sealedApiKey());
        put(n, "description", p.description());
        put(n, "status", p.status());
        ArrayNode knowledgeBases = n.putArray("knowledgeBaseIds");
        p.knowledgeBaseIds().forEach(id -> knowledgeBases.add(id.toString()));
        put(n, "createdAt", p.createdAt());
        put(n, "updatedAt", p.updatedAt());
        return n;
    }

    static ModelProfile modelProfile(JsonNode n) {
        return new ModelProfile(id(n, "id", ModelProfileId::new), id(n, "ownerId", UserId::new), text(n, "name"),
                text(n, "endpoint"), bytes(n, "sealedApiKey"), text(n, "description"), enumValue(n, "status", ModelStatus.class),
                ids(n, "knowledgeBaseIds", KnowledgeBaseId::new), instant(n, "createdAt"), instant(n, "updatedAt"));
    }

    static ObjectNode auditEvent(AuditEvent e) {
        ObjectNode n = SnapshotJson.object();
        put(n, "id", e.id());
        put(n, "userId", e.userId());
        put(n, "action", e.action());
        putMetadata(n, "details", e.details());
        put(n, "at", e.at());
        return n;
    }

    static AuditEvent auditEvent(JsonNode n) {
        return new AuditEvent(id(n, "id", AuditEventId::new), optionalId(n, "userId", UserId::new), text(n, "action"),
                metadata(n, "details"), instant(n, "at"));
    }

    private static <T> List<T> ids(JsonNode n, String field, Function<UUID, T> wrap) {
        List<T> ids = new ArrayList<>();
        for (JsonNode element : SnapshotJson.required(n, field)) {
            ids.add(wrap.apply(SnapshotJson.parse(field, element.asText(), UUID::fromString)));
        }
        return ids;
    }
}
