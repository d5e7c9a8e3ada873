package dev.ragstore.postgres.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ragstore.core.chat.Citation;
import dev.ragstore.core.chunk.ChunkId;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.error.StoreUnavailableException;
import dev.ragstore.core.internal.MetadataJson;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * JSON text of the {@code jsonb} columns: metadata-like maps through core's {@link MetadataJson}
 * (exact types, including Long above 2<sup>53</sup> and UUID), citations and attached document ids
 * as plain arrays. Thread-safe.
 */
public final class PgJson {

    private final MetadataJson metadata = new MetadataJson();
    private final ObjectMapper mapper = new ObjectMapper();

    /** The JSON text of a metadata map. */
    public String writeMetadata(Map<String, Object> map) {
        return metadata.write(map);
    }

    /** The metadata map of JSON text written by {@link #writeMetadata}. */
    public Map<String, Object> readMetadata(String json) {
        return metadata.read(json);
    }

    /** Citations as a JSON array of objects. */
    public String writeCitations(List<Citation> citations) {
        ArrayNode array = mapper.createArrayNode();
        for (Citation citation : citations) {
            ObjectNode node = array.addObject();
            node.put("documentId", citation.documentId().value().toString());
            node.put("chunkId", citation.chunkId() == null ? null : citation.chunkId().value().toString());
            if (citation.page() == null) {
                node.putNull("page");
            } else {
                node.put("page", citation.page().intValue());
            }
            node.put("snippet", citation.snippet());
            node.put("score", citation.score());
        }
        return array.toString();
    }

    /** Citations from the JSON written by {@link #writeCitations}. */
    public List<Citation> readCitations(String json) {
        JsonNode array = parse(json, "citations");
        List<Citation> citations = new ArrayList<>(array.size());
        for (JsonNode node : array) {
            JsonNode chunk = node.get("chunkId");
            JsonNode page = node.get("page");
            citations.add(new Citation(
                    new DocumentId(UUID.fromString(node.get("documentId").asText())),
                    chunk == null || chunk.isNull() ? null : new ChunkId(UUID.fromString(chunk.asText())),
                    page == null || page.isNull() ? null : page.asInt(),
                    node.get("snippet").asText(),
                    node.get("score").asDouble()));
        }
        return citations;
    }

    /** Document ids as a JSON array of UUID strings. */
    public String writeDocumentIds(List<DocumentId> ids) {
        ArrayNode array = mapper.createArrayNode();
        for (DocumentId id : ids) {
            array.add(id.value().toString());
        }
        return array.toString();
    }

    /** Document ids from the JSON written by {@link #writeDocumentIds}. */
    public List<DocumentId> readDocumentIds(String json) {
        JsonNode array = parse(json, "attached document ids");
        List<DocumentId> ids = new ArrayList<>(array.size());
        for (JsonNode node : array) {
            ids.add(new DocumentId(UUID.fromString(node.asText())));
        }
        return ids;
    }

    private JsonNode parse(String json, String what) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new StoreUnavailableException(PgErrorMapping.STORE, false, "stored " + what + " are not valid JSON", e);
        }
    }
}
