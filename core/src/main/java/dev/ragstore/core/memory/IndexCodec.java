package dev.ragstore.core.memory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ragstore.core.chunk.ChunkId;
import dev.ragstore.core.chunk.DistanceMetric;
import dev.ragstore.core.chunk.Embedding;
import dev.ragstore.core.chunk.EmbeddingSpace;
import dev.ragstore.core.chunk.VectorType;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.search.IndexedChunk;
import dev.ragstore.core.user.UserId;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static dev.ragstore.core.memory.SnapshotJson.enumValue;
import static dev.ragstore.core.memory.SnapshotJson.id;
import static dev.ragstore.core.memory.SnapshotJson.instant;
import static dev.ragstore.core.memory.SnapshotJson.integer;
import static dev.ragstore.core.memory.SnapshotJson.metadata;
import static dev.ragstore.core.memory.SnapshotJson.optionalInteger;
import static dev.ragstore.core.memory.SnapshotJson.put;
import static dev.ragstore.core.memory.SnapshotJson.putMetadata;
import static dev.ragstore.core.memory.SnapshotJson.text;

/**
 * JSON for embedding spaces and indexed chunks. Vectors are written exactly, as base64 of their
 * little-endian IEEE 754 float32 components (as stored, so FLOAT16 spaces hold rounded values).
 */
final class IndexCodec {

    private IndexCodec() {
    }

    static ObjectNode space(EmbeddingSpace s) {
        ObjectNode n = SnapshotJson.object();
        put(n, "name", s.name());
        put(n, "model", s.model());
        put(n, "dimension", s.dimension());
        put(n, "metric", s.metric());
        put(n, "vectorType", s.vectorType());
        return n;
    }

    static EmbeddingSpace space(JsonNode n) {
        return new EmbeddingSpace(text(n, "name"), text(n, "model"), integer(n, "dimension"),
                enumValue(n, "metric", DistanceMetric.class), enumValue(n, "vectorType", VectorType.class));
    }

    static ObjectNode chunk(IndexedChunk c) {
        ObjectNode n = SnapshotJson.object();
        put(n, "chunkId", c.chunkId());
        put(n, "ownerId", c.ownerId());
        put(n, "knowledgeBaseId", c.knowledgeBaseId());
        put(n, "documentId", c.documentId());
        put(n, "chunkIndex", c.chunkIndex());
        put(n, "page", c.page());
        put(n, "mimeType", c.mimeType());
        put(n, "text", c.text());
        putMetadata(n, "metadata", c.metadata());
        put(n, "createdAt", c.createdAt());
        ArrayNode vectors = n.putArray("vectors");
        c.vectors().forEach(v -> vectors.add(encode(v)));
        return n;
    }

    static IndexedChunk chunk(JsonNode n) {
        List<Embedding> vectors = new ArrayList<>();
        for (JsonNode v : SnapshotJson.required(n, "vectors")) {
            vectors.add(decode(v.asText()));
        }
        return new IndexedChunk(id(n, "chunkId", ChunkId::new), id(n, "ownerId", UserId::new),
                id(n, "knowledgeBaseId", KnowledgeBaseId::new), id(n, "documentId", DocumentId::new), integer(n, "chunkIndex"),
                optionalInteger(n, "page"), text(n, "mimeType"), text(n, "text"), metadata(n, "metadata"),
                instant(n, "createdAt"), vectors);
    }

    static String encode(Embedding vector) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.dimension() * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < vector.dimension(); i++) {
            buffer.putFloat(vector.get(i));
        }
        return Base64.getEncoder().encodeToString(buffer.array());
    }

    static Embedding decode(String base64) {
        byte[] bytes = SnapshotJson.parse("vectors", base64, Base64.getDecoder()::decode);
        if (bytes.length == 0 || bytes.length % Float.BYTES != 0) {
            throw InvalidInputException.of("snapshot field 'vectors'", "must hold whole float32 components", bytes.length + " bytes");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[bytes.length / Float.BYTES];
        for (int i = 0; i < values.length; i++) {
            values[i] = buffer.getFloat();
        }
        return Embedding.of(values);
    }
}
