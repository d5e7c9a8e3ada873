package dev.ragstore.milvus.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.ragstore.core.chunk.Embedding;
import dev.ragstore.core.chunk.EmbeddingSpace;
import dev.ragstore.core.chunk.VectorType;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.search.IndexedChunk;
import io.milvus.common.utils.Float16Utils;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns chunks into Milvus rows and cuts them into upsert batches within the configured row and
 * byte limits. Every chunk of a call is checked before any row is built, so a bad chunk fails the
 * whole call before anything is written. Stateless.
 */
public final class RowEncoder {

    /** Bytes counted per row for ids, numbers and protocol overhead. */
    private static final int ROW_OVERHEAD = 256;
    private static final float HALF_MAX = 65_504f;

    private RowEncoder() {
    }

    /** A batch of rows and its estimated size on the wire. */
    public record Batch(List<JsonObject> rows, long bytes) {
    }

    /**
     * The rows of {@code chunks} for {@code space}, in batches of at most {@code maxRows} rows and
     * (unless one row alone is larger) {@code maxBytes} bytes.
     *
     * @throws InvalidInputException if a chunk has several vectors (multi-vector is not supported), a
     *         vector of the wrong dimension, (FLOAT16) a component beyond ±65504, a mime type longer
     *         than the collection's field ({@value CollectionLayout#MAX_MIME_TYPE_BYTES} bytes), or metadata
     *         whose JSON is larger than a Milvus JSON field holds ({@value CollectionLayout#MAX_METADATA_BYTES} bytes)
     */
    public static List<Batch> batches(List<IndexedChunk> chunks, EmbeddingSpace space, boolean keyword, int maxRows,
            long maxBytes) {
        check(chunks, space);
        List<Batch> batches = new ArrayList<>();
        List<JsonObject> rows = new ArrayList<>();
        long bytes = 0;
        for (IndexedChunk chunk : chunks) {
            JsonObject row = row(chunk, space, keyword);
            long size = estimate(row, space);
            if (!rows.isEmpty() && (rows.size() >= maxRows || bytes + size > maxBytes)) {
                batches.add(new Batch(rows, bytes));
                rows = new ArrayList<>();
                bytes = 0;
            }
            rows.add(row);
            bytes += size;
        }
        if (!rows.isEmpty()) {
            batches.add(new Batch(rows, bytes));
        }
        return batches;
    }

    /**
     * Checks every chunk as {@link #batches} does, without encoding.
     *
     * @throws InvalidInputException as {@link #batches}
     */
    public static void check(List<IndexedChunk> chunks, EmbeddingSpace space) {
        for (IndexedChunk chunk : chunks) {
            check(chunk, space);
        }
    }

    private static void check(IndexedChunk chunk, EmbeddingSpace space) {
        if (chunk.vectors().size() != 1) {
            throw InvalidInputException.of("chunk vectors", "must be exactly one vector: vector index 'milvus' lacks the "
                    + "capability multi-vector (late interaction) search", chunk.vectors().size());
        }
        Embedding vector = chunk.vectors().get(0).requireDimension(space);
        if (space.vectorType() == VectorType.FLOAT16) {
            for (int i = 0; i < vector.dimension(); i++) {
                float rounded = Float16Utils.fp16ToFloat(Float16Utils.floatToFp16(vector.get(i)));
                if (Float.isInfinite(rounded) || Math.abs(vector.get(i)) > HALF_MAX) {
                    throw InvalidInputException.of("embedding[" + i + "]", "must be within ±65504 for FLOAT16 space '"
                            + space.name() + "'", vector.get(i));
                }
            }
        }
        long mimeTypeBytes = utf8Length(chunk.mimeType());
        if (mimeTypeBytes > CollectionLayout.MAX_MIME_TYPE_BYTES) {
            throw InvalidInputException.withoutValue("chunk mime type", "must be at most " + CollectionLayout.MAX_MIME_TYPE_BYTES
                    + " bytes to fit the Milvus VarChar field 'mime_type', but is " + mimeTypeBytes + " bytes (chunk "
                    + chunk.chunkId().value() + ")");
        }
        long metadataBytes = utf8Length(MetadataEncoding.encode(chunk.metadata()).toString());
        if (metadataBytes > CollectionLayout.MAX_METADATA_BYTES) {
            throw InvalidInputException.withoutValue("chunk metadata", "must be at most " + CollectionLayout.MAX_METADATA_BYTES
                    + " bytes of JSON to fit the Milvus JSON field 'metadata', but is " + metadataBytes + " bytes (counted "
                    + "as stored, with RagStore's @kind/@min/@max/@like entries; chunk " + chunk.chunkId().value() + ")");
        }
        try {
            ExactBounds.micros(chunk.createdAt());
        } catch (ArithmeticException e) {
            throw InvalidInputException.of("chunk createdAt", "must be within about 292,000 years of 1970 to be stored "
                    + "as epoch microseconds", chunk.createdAt());
        }
    }

    private static JsonObject row(IndexedChunk chunk, EmbeddingSpace space, boolean keyword) {
        JsonObject row = new JsonObject();
        row.addProperty(MilvusFilter.CHUNK_ID, chunk.chunkId().value().toString());
        row.addProperty(MilvusFilter.OWNER, chunk.ownerId().value().toString());
        row.addProperty(MilvusFilter.KNOWLEDGE_BASE, chunk.knowledgeBaseId().value().toString());
        row.addProperty(MilvusFilter.DOCUMENT, chunk.documentId().value().toString());
        row.addProperty(CollectionLayout.CHUNK_INDEX, chunk.chunkIndex());
        row.add(MilvusFilter.PAGE, chunk.page() == null ? JsonNull.INSTANCE : new JsonPrimitive(chunk.page().longValue()));
        row.addProperty(MilvusFilter.MIME_TYPE, chunk.mimeType());
        row.addProperty(MilvusFilter.CREATED_AT, ExactBounds.micros(chunk.createdAt()));
        row.add(MilvusFilter.METADATA, MetadataEncoding.encode(chunk.metadata()));
        if (keyword) {
            row.addProperty(CollectionLayout.TEXT, truncate(chunk.text(), CollectionLayout.MAX_TEXT_BYTES));
        }
        row.add(CollectionLayout.DENSE, vector(chunk.vectors().get(0), space.vectorType()));
        return row;
    }

    /** The JSON form of a vector the SDK expects: floats, or the bytes of half floats. */
    private static JsonArray vector(Embedding embedding, VectorType type) {
        JsonArray array = new JsonArray(embedding.dimension());
        if (type == VectorType.FLOAT16) {
            ByteBuffer half = Float16Utils.f32VectorToFp16Buffer(floats(embedding));
            while (half.hasRemaining()) {
                array.add(half.get());
            }
            return array;
        }
        for (int i = 0; i < embedding.dimension(); i++) {
            array.add(embedding.get(i));
        }
        return array;
    }

    /** The components as a list of floats, as the SDK's vector types take them. */
    public static List<Float> floats(Embedding embedding) {
        List<Float> values = new ArrayList<>(embedding.dimension());
        for (int i = 0; i < embedding.dimension(); i++) {
            values.add(embedding.get(i));
        }
        return values;
    }

    private static long estimate(JsonObject row, EmbeddingSpace space) {
        long vectorBytes = (long) space.dimension() * (space.vectorType() == VectorType.FLOAT16 ? 2 : 4);
        long text = row.has(CollectionLayout.TEXT) ? utf8Length(row.get(CollectionLayout.TEXT).getAsString()) : 0;
        return ROW_OVERHEAD + vectorBytes + text + row.get(MilvusFilter.METADATA).toString().length() * 2L;
    }

    /**
     * {@code text} cut to at most {@code maxBytes} UTF-8 bytes at a character boundary (Milvus's
     * VarChar limit; keyword search then sees only the beginning of a longer chunk).
     */
    public static String truncate(String text, int maxBytes) {
        if (text.length() * 3L <= maxBytes) {
            return text;
        }
        int bytes = 0;
        int i = 0;
        while (i < text.length()) {
            int codePoint = text.codePointAt(i);
            int size = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
            if (bytes + size > maxBytes) {
                return text.substring(0, i);
            }
            bytes += size;
            i += Character.charCount(codePoint);
        }
        return text;
    }

    private static long utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
