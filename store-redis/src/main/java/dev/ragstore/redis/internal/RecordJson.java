package dev.ragstore.redis.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.ragstore.core.chat.ChatSessionId;
import dev.ragstore.core.chat.Citation;
import dev.ragstore.core.chat.Message;
import dev.ragstore.core.chat.MessageId;
import dev.ragstore.core.chat.MessageRole;
import dev.ragstore.core.chunk.ChunkId;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.internal.MetadataJson;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.model.ModelProfile;
import dev.ragstore.core.model.ModelProfileId;
import dev.ragstore.core.model.ModelStatus;
import dev.ragstore.core.plan.Plan;
import dev.ragstore.core.plan.PlanId;
import dev.ragstore.core.user.Role;
import dev.ragstore.core.user.User;
import dev.ragstore.core.user.UserId;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * Explicit JSON codecs for the records the caches hold. Every field is written by name, no
 * reflection; instants keep their nanoseconds, metadata keeps its value types (through
 * {@link MetadataJson}), and one message encodes to one line, so a history is newline-separated
 * JSON. Decoding a malformed value throws {@link IllegalArgumentException}; callers treat it as
 * a cache miss. Secrets never reach the JSON: a user's password hash and a profile's sealed API
 * key are written as fingerprints and kept in {@link #secrets()}; decoding an entry whose secret
 * this process does not hold throws {@link SecretMemory.NotHeld}. Thread-safe.
 */
public final class RecordJson {

    private final ObjectMapper mapper = JsonMapper.builder().enable(DeserializationFeature.USE_LONG_FOR_INTS).build();
    private final MetadataJson metadata = new MetadataJson();
    private final SecretMemory secrets = new SecretMemory();

    /** Where the secrets left out of the encoded records are kept. */
    public SecretMemory secrets() {
        return secrets;
    }

    @FunctionalInterface
    private interface Writer {
        void write(JsonGenerator json) throws IOException;
    }

    public String user(User user) {
        return write(json -> {
            json.writeStringField("id", user.id().toString());
            json.writeStringField("username", user.username());
            optional(json, "email", user.email());
            json.writeStringField("passwordHashSha256", secrets.remember(user.passwordHash()));
            json.writeStringField("displayName", user.displayName());
            json.writeStringField("role", user.role().name());
            json.writeBooleanField("active", user.active());
            json.writeBooleanField("emailVerified", user.emailVerified());
            optional(json, "planId", user.planId() == null ? null : user.planId().toString());
            json.writeNumberField("lifetimeTokens", user.lifetimeTokens());
            json.writeStringField("preferences", metadata.write(user.preferences()));
            optional(json, "lastLoginAt", user.lastLoginAt() == null ? null : user.lastLoginAt().toString());
            json.writeStringField("createdAt", user.createdAt().toString());
            json.writeStringField("updatedAt", user.updatedAt().toString());
        });
    }

    public User user(String text) {
        JsonNode n = read(text);
        String plan = optionalText(n, "planId");
        String lastLogin = optionalText(n, "lastLoginAt");
        return new User(new UserId(uuid(n, "id")), text(n, "username"), optionalText(n, "email"),
                secrets.recall(text(n, "passwordHashSha256")), text(n, "displayName"), Role.valueOf(text(n, "role")),
                n.get("active").booleanValue(), n.get("emailVerified").booleanValue(),
                plan == null ? null : new PlanId(UUID.fromString(plan)), n.get("lifetimeTokens").longValue(),
                metadata.read(text(n, "preferences")), lastLogin == null ? null : Instant.parse(lastLogin),
                instant(n, "createdAt"), instant(n, "updatedAt"));
    }

    public String plan(Plan plan) {
        return write(json -> {
            json.writeStringField("id", plan.id().toString());
            json.writeStringField("name", plan.name());
            json.writeNumberField("dailyTokenLimit", plan.dailyTokenLimit());
            json.writeNumberField("documentLimit", plan.documentLimit());
            json.writeNumberField("sessionLimit", plan.sessionLimit());
            json.writeStringField("monthlyPrice", plan.monthlyPrice().toString());
            json.writeBooleanField("active", plan.active());
            json.writeStringField("createdAt", plan.createdAt().toString());
        });
    }

    public Plan plan(String text) {
        JsonNode n = read(text);
        return new Plan(new PlanId(uuid(n, "id")), text(n, "name"), n.get("dailyTokenLimit").longValue(),
                n.get("documentLimit").intValue(), n.get("sessionLimit").intValue(), new BigDecimal(text(n, "monthlyPrice")),
                n.get("active").booleanValue(), instant(n, "createdAt"));
    }

    public String knowledgeBase(KnowledgeBase kb) {
        return write(json -> {
            json.writeStringField("id", kb.id().toString());
            json.writeStringField("ownerId", kb.ownerId().toString());
            json.writeStringField("name", kb.name());
            json.writeStringField("description", kb.description());
            json.writeStringField("embeddingSpace", kb.embeddingSpace());
            json.writeStringField("metadata", metadata.write(kb.metadata()));
            optional(json, "deletedAt", kb.deletedAt() == null ? null : kb.deletedAt().toString());
            json.writeStringField("createdAt", kb.createdAt().toString());
            json.writeStringField("updatedAt", kb.updatedAt().toString());
        });
    }

    public KnowledgeBase knowledgeBase(String text) {
        JsonNode n = read(text);
        String deleted = optionalText(n, "deletedAt");
        return new KnowledgeBase(new KnowledgeBaseId(uuid(n, "id")), new UserId(uuid(n, "ownerId")), text(n, "name"),
                text(n, "description"), text(n, "embeddingSpace"), metadata.read(text(n, "metadata")),
                deleted == null ? null : Instant.parse(deleted), instant(n, "createdAt"), instant(n, "updatedAt"));
    }

    public String modelProfile(ModelProfile profile) {
        return write(json -> {
            json.writeStringField("id", profile.id().toString());
            json.writeStringField("ownerId", profile.ownerId().toString());
            json.writeStringField("name", profile.name());
            json.writeStringField("endpoint", profile.endpoint());
            json.writeStringField("sealedApiKeySha256", secrets.remember(Base64.getEncoder().encodeToString(profile.sealedApiKey())));
            json.writeStringField("description", profile.description());
            json.writeStringField("status", profile.status().name());
            json.writeArrayFieldStart("knowledgeBaseIds");
            for (KnowledgeBaseId id : profile.knowledgeBaseIds()) {
                json.writeString(id.toString());
            }
            json.writeEndArray();
            json.writeStringField("createdAt", profile.createdAt().toString());
            json.writeStringField("updatedAt", profile.updatedAt().toString());
        });
    }

    public ModelProfile modelProfile(String text) {
        JsonNode n = read(text);
        return new ModelProfile(new ModelProfileId(uuid(n, "id")), new UserId(uuid(n, "ownerId")), text(n, "name"),
                text(n, "endpoint"), Base64.getDecoder().decode(secrets.recall(text(n, "sealedApiKeySha256"))), text(n, "description"),
                ModelStatus.valueOf(text(n, "status")), ids(n, "knowledgeBaseIds", KnowledgeBaseId::new),
                instant(n, "createdAt"), instant(n, "updatedAt"));
    }

    /** One message as a single line of JSON. */
    public String message(Message m) {
        return write(json -> {
            json.writeStringField("id", m.id().toString());
            json.writeStringField("sessionId", m.sessionId().toString());
            optional(json, "authorId", m.authorId() == null ? null : m.authorId().toString());
            optional(json, "parentId", m.parentId() == null ? null : m.parentId().toString());
            json.writeStringField("role", m.role().name());
            json.writeStringField("content", m.content());
            json.writeNumberField("tokenCount", m.tokenCount());
            optional(json, "model", m.model());
            json.writeArrayFieldStart("citations");
            for (Citation c : m.citations()) {
                json.writeStartObject();
                json.writeStringField("documentId", c.documentId().toString());
                optional(json, "chunkId", c.chunkId() == null ? null : c.chunkId().toString());
                if (c.page() != null) {
                    json.writeNumberField("page", c.page());
                }
                json.writeStringField("snippet", c.snippet());
                json.writeNumberField("score", c.score());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("attachedDocumentIds");
            for (DocumentId id : m.attachedDocumentIds()) {
                json.writeString(id.toString());
            }
            json.writeEndArray();
            json.writeNumberField("processingMillis", m.processingMillis());
            json.writeStringField("createdAt", m.createdAt().toString());
        });
    }

    public Message message(String text) {
        JsonNode n = read(text);
        List<Citation> citations = new ArrayList<>();
        for (JsonNode c : n.get("citations")) {
            String chunk = optionalText(c, "chunkId");
            JsonNode page = c.get("page");
            citations.add(new Citation(new DocumentId(uuid(c, "documentId")), chunk == null ? null : new ChunkId(UUID.fromString(chunk)),
                    page == null ? null : page.intValue(), text(c, "snippet"), c.get("score").doubleValue()));
        }
        String author = optionalText(n, "authorId");
        String parent = optionalText(n, "parentId");
        return new Message(new MessageId(uuid(n, "id")), new ChatSessionId(uuid(n, "sessionId")),
                author == null ? null : new UserId(UUID.fromString(author)), parent == null ? null : new MessageId(UUID.fromString(parent)),
                MessageRole.valueOf(text(n, "role")), text(n, "content"), n.get("tokenCount").intValue(), optionalText(n, "model"),
                citations, ids(n, "attachedDocumentIds", DocumentId::new), n.get("processingMillis").longValue(),
                instant(n, "createdAt"));
    }

    /** Messages oldest first, one per line. */
    public String messages(List<Message> messages) {
        StringBuilder out = new StringBuilder();
        for (Message m : messages) {
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append(message(m));
        }
        return out.toString();
    }

    public List<Message> messages(String lines) {
        return lastMessages(lines, Integer.MAX_VALUE);
    }

    /** The last {@code count} messages of newline-separated JSON, oldest first; only those are decoded. */
    public List<Message> lastMessages(String lines, int count) {
        List<String> kept = new ArrayList<>();
        int end = lines.length();
        while (end > 0 && kept.size() < count) {
            int start = lines.lastIndexOf('\n', end - 1) + 1;
            if (start < end) {
                kept.add(lines.substring(start, end));
            }
            end = start - 1;
        }
        List<Message> result = new ArrayList<>(kept.size());
        for (int i = kept.size() - 1; i >= 0; i--) {
            result.add(message(kept.get(i)));
        }
        return result;
    }

    private String write(Writer body) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = mapper.getFactory().createGenerator(out)) {
            json.writeStartObject();
            body.write(json);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write cache JSON", e);
        }
        return out.toString();
    }

    private JsonNode read(String text) {
        try {
            JsonNode node = mapper.readTree(text);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("cached value is not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new IllegalArgumentException("cached value is not valid JSON", e);
        }
    }

    private static void optional(JsonGenerator json, String field, String value) throws IOException {
        if (value != null) {
            json.writeStringField(field, value);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("cached value lacks text field '" + field + "'");
        }
        return value.textValue();
    }

    private static String optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.textValue();
    }

    private static UUID uuid(JsonNode node, String field) {
        return UUID.fromString(text(node, field));
    }

    private static Instant instant(JsonNode node, String field) {
        return Instant.parse(text(node, field));
    }

    private static <T> List<T> ids(JsonNode node, String field, Function<UUID, T> wrap) {
        List<T> ids = new ArrayList<>();
        for (JsonNode id : node.get(field)) {
            ids.add(wrap.apply(UUID.fromString(id.textValue())));
        }
        return ids;
    }
}
