package dev.ragstore.core.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.InjectableValues;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.ragstore.core.apikey.ApiKeyId;
import dev.ragstore.core.audit.AuditEventId;
import dev.ragstore.core.chat.ChatSessionId;
import dev.ragstore.core.chat.MessageId;
import dev.ragstore.core.chunk.Chunk;
import dev.ragstore.core.chunk.ChunkId;
import dev.ragstore.core.chunk.Embedding;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.error.RagStoreException;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.model.ModelProfileId;
import dev.ragstore.core.plan.PlanId;
import dev.ragstore.core.user.UserId;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

/**
 * The one JSON form of the domain records, shared by the in-memory snapshot file and the Redis
 * caches. Records are written from their components in declaration order, absent values as JSON
 * {@code null}, and every component must be present to read one back. Ids are UUID text,
 * instants and dates ISO-8601 (nanoseconds kept), money a plain decimal string, bytes base64,
 * vectors base64 of their little-endian float32 components, and metadata a JSON object through
 * {@link MetadataJson} (exact value types).
 *
 * <p>Secret fields are a user's {@code passwordHash} and a model profile's {@code sealedApiKey}
 * (see {@link SecretFields}). {@link #withSecrets()} writes them as they are;
 * {@link #withFingerprints} writes each as a fingerprint instead ({@code passwordHashSha256},
 * {@code sealedApiKeySha256}), for stores that must never hold a secret. Thread-safe.
 */
public final class RecordJson {

    /** Where a fingerprinting codec keeps the secrets it leaves out of the JSON. */
    public interface Fingerprints {

        /** Remembers {@code secret} and returns its fingerprint. */
        String fingerprint(String secret);

        /**
         * The secret of {@code fingerprint}. Any exception thrown here propagates unchanged from
         * {@link #read}, so a caller can tell "secret not held" from "malformed".
         */
        String secret(String fingerprint);
    }

    private static final MetadataJson METADATA = new MetadataJson();
    private static final ObjectMapper MAPPER = mapper();

    private final ObjectReader reader;
    private final ObjectWriter writer;

    private RecordJson(ObjectReader reader, ObjectWriter writer) {
        this.reader = reader;
        this.writer = writer;
    }

    /** A codec that writes secret fields as they are (for a snapshot file readable by its owner only). */
    public static RecordJson withSecrets() {
        return new RecordJson(MAPPER.reader(), MAPPER.writer());
    }

    /** A codec that writes secret fields as fingerprints from {@code fingerprints}, and reads them back through it. */
    public static RecordJson withFingerprints(Fingerprints fingerprints) {
        Objects.requireNonNull(fingerprints, "fingerprints");
        ObjectMapper mapper = SecretFields.asFingerprints(MAPPER.copy());
        return new RecordJson(mapper.reader().withAttribute(SecretFields.FINGERPRINTS, fingerprints),
                mapper.writer().withAttribute(SecretFields.FINGERPRINTS, fingerprints));
    }

    /** {@code value} (a record, or a list or record of records) as one line of JSON. */
    public String write(Object value) {
        try {
            return writer.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** Writes {@code value} to {@code out}, which stays open. */
    public void write(OutputStream out, Object value) throws IOException {
        writer.without(JsonGenerator.Feature.AUTO_CLOSE_TARGET).writeValue(out, value);
    }

    /**
     * The {@code type} value in {@code json}.
     *
     * @throws InvalidInputException if the JSON is malformed or lacks a component, naming where;
     *         a record's own {@link RagStoreException} and what {@link Fingerprints#secret} throws
     *         propagate unchanged
     */
    public <T> T read(String json, Class<T> type) {
        try {
            return reader.forType(type).readValue(json);
        } catch (IOException e) {
            throw unwrap(type, e);
        }
    }

    /** The {@code type} value in {@code tree}; see {@link #read(String, Class)}. */
    public <T> T read(JsonNode tree, Class<T> type) {
        try {
            return reader.forType(type).readValue(tree);
        } catch (IOException e) {
            throw unwrap(type, e);
        }
    }

    private static RuntimeException unwrap(Class<?> type, IOException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof SecretFields.LookupFailed lookup) {
                return (RuntimeException) lookup.getCause();
            }
            if (cause instanceof RagStoreException rejected) {
                return rejected;
            }
        }
        StringBuilder path = new StringBuilder();
        if (e instanceof JsonMappingException mapping) {
            for (JsonMappingException.Reference step : mapping.getPath()) {
                path.append(step.getFieldName() == null ? "[" + step.getIndex() + "]" : "." + step.getFieldName());
            }
        }
        InvalidInputException failure = InvalidInputException.withoutValue(type.getSimpleName() + " JSON" + path,
                "must be well-formed and complete");
        failure.initCause(e);
        return failure;
    }

    private static ObjectMapper mapper() {
        SimpleModule module = new SimpleModule("ragstore-records");
        id(module, UserId.class, UserId::new);
        id(module, PlanId.class, PlanId::new);
        id(module, ApiKeyId.class, ApiKeyId::new);
        id(module, KnowledgeBaseId.class, KnowledgeBaseId::new);
        id(module, DocumentId.class, DocumentId::new);
        id(module, ChunkId.class, ChunkId::new);
        id(module, ChatSessionId.class, ChatSessionId::new);
        id(module, MessageId.class, MessageId::new);
        id(module, ModelProfileId.class, ModelProfileId::new);
        id(module, AuditEventId.class, AuditEventId::new);
        text(module, Instant.class, Instant::toString, Instant::parse);
        text(module, LocalDate.class, LocalDate::toString, LocalDate::parse);
        text(module, BigDecimal.class, BigDecimal::toPlainString, BigDecimal::new);
        text(module, Embedding.class, RecordJson::vector, RecordJson::vector);
        module.addSerializer(Map.class, new StdSerializer<>(Map.class) {
            @Override
            @SuppressWarnings("unchecked")
            public void serialize(Map value, JsonGenerator json, SerializerProvider provider) throws IOException {
                json.writeRawValue(METADATA.write(value));
            }
        });
        module.addDeserializer(Map.class, new StdScalarDeserializer<>(Map.class) {
            @Override
            public Map<String, Object> deserialize(JsonParser p, DeserializationContext context) throws IOException {
                return METADATA.read(context.readTree(p).toString());
            }
        });
        module.setMixInAnnotation(Chunk.class, ChunkForm.class);
        module.setMixInAnnotation(dev.ragstore.core.chat.Message.class, MessageForm.class);
        return JsonMapper.builder()
                .addModule(module)
                .addMixIn(dev.ragstore.core.user.User.class, SecretFields.UserFormat.class)
                .injectableValues(new InjectableValues.Std().addValue(SecretFields.ABSENT_FALSE, Boolean.FALSE)
                        .addValue(ABSENT_EMPTY_MAP, Map.of()))
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .build();
    }

    /**
     * A chunk on one page is written without its empty {@code pageBreaks}, as chunks were before
     * that component existed; a reader of such JSON supplies the empty list (see
     * {@link #withoutPageBreaks}).
     */
    private abstract static class ChunkForm {
        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        abstract List<Integer> pageBreaks();
    }

    /** The value injected for a message's {@code metadata} when its JSON has none. */
    private static final String ABSENT_EMPTY_MAP = "ragstore.absent.empty-map";

    /**
     * A message without metadata is written without its empty {@code metadata}, as messages were
     * before that component existed (snapshot files, cache entries); such JSON reads back with none.
     */
    private abstract static class MessageForm {
        @SuppressWarnings("unused")
        MessageForm(dev.ragstore.core.chat.MessageId id, dev.ragstore.core.chat.ChatSessionId sessionId,
                dev.ragstore.core.user.UserId authorId, dev.ragstore.core.chat.MessageId parentId,
                dev.ragstore.core.chat.MessageRole role, String content, int tokenCount, String model,
                List<dev.ragstore.core.chat.Citation> citations, List<dev.ragstore.core.document.DocumentId> attachedDocumentIds,
                long processingMillis, java.time.Instant createdAt,
                @com.fasterxml.jackson.annotation.JacksonInject(value = ABSENT_EMPTY_MAP,
                        useInput = com.fasterxml.jackson.annotation.OptBoolean.TRUE) Map<String, Object> metadata) {
        }

        // CUSTOM: the metadata serializer of this mapper does not report emptiness itself
        @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = EmptyMap.class)
        abstract Map<String, Object> metadata();
    }

    /** A value filter that leaves out an empty map (Jackson omits the values this filter equals). */
    private static final class EmptyMap {
        @Override
        public boolean equals(Object value) {
            return value instanceof Map<?, ?> map && map.isEmpty();
        }

        @Override
        public int hashCode() {
            return 0;
        }
    }

    /**
     * Adds the empty {@code pageBreaks} a one-page chunk's JSON leaves out to {@code chunk} (an
     * object node of a chunk), so it reads back under the every-component-present rule.
     */
    public static void withoutPageBreaks(JsonNode chunk) {
        if (chunk instanceof com.fasterxml.jackson.databind.node.ObjectNode object && !object.has("pageBreaks")) {
            object.putArray("pageBreaks");
        }
    }

    private static <T> void id(SimpleModule module, Class<T> type, Function<UUID, T> wrap) {
        text(module, type, Object::toString, text -> wrap.apply(UUID.fromString(text)));
    }

    /** Registers {@code type} as a JSON string. */
    private static <T> void text(SimpleModule module, Class<T> type, Function<T, String> format, Function<String, T> parse) {
        module.addSerializer(type, new StdSerializer<>(type) {
            @Override
            public void serialize(T value, JsonGenerator json, SerializerProvider provider) throws IOException {
                json.writeString(format.apply(value));
            }
        });
        module.addDeserializer(type, new StdScalarDeserializer<>(type) {
            @Override
            public T deserialize(JsonParser p, DeserializationContext context) throws IOException {
                if (!p.hasToken(JsonToken.VALUE_STRING)) {
                    return type.cast(context.handleUnexpectedToken(type, p));
                }
                String text = p.getText();
                try {
                    return parse.apply(text);
                } catch (RuntimeException e) {
                    throw context.weirdStringException(text, type, e.getClass().getSimpleName());
                }
            }
        });
    }

    private static String vector(Embedding vector) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.dimension() * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < vector.dimension(); i++) {
            buffer.putFloat(vector.get(i));
        }
        return Base64.getEncoder().encodeToString(buffer.array());
    }

    private static Embedding vector(String base64) {
        byte[] bytes = Base64.getDecoder().decode(base64);
        if (bytes.length == 0 || bytes.length % Float.BYTES != 0) {
            throw new IllegalArgumentException("a vector must hold whole float32 components, not " + bytes.length + " bytes");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[bytes.length / Float.BYTES];
        for (int i = 0; i < values.length; i++) {
            values[i] = buffer.getFloat();
        }
        return Embedding.of(values);
    }
}
