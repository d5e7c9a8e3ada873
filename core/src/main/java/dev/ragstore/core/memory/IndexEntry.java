package dev.ragstore.core.memory;

import dev.ragstore.core.chunk.ChunkId;
import dev.ragstore.core.chunk.Embedding;
import dev.ragstore.core.chunk.EmbeddingSpace;
import dev.ragstore.core.chunk.VectorType;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.internal.HalfFloat;
import dev.ragstore.core.filter.BuiltInField;
import dev.ragstore.core.filter.FilterField;
import dev.ragstore.core.filter.MetadataField;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.search.IndexedChunk;
import dev.ragstore.core.user.UserId;

import java.time.Instant;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One chunk as the in-memory index holds it: the chunk's fields (its vectors as stored: float32,
 * or rounded to half precision in a FLOAT16 space), the vectors' norms and its BM25 terms.
 * Immutable; the arrays are never handed out.
 */
final class IndexEntry {

    private final ChunkId chunkId;
    private final UserId ownerId;
    private final KnowledgeBaseId knowledgeBaseId;
    private final DocumentId documentId;
    private final int chunkIndex;
    private final Integer page;
    private final String mimeType;
    private final String text;
    private final Map<String, Object> metadata;
    private final Instant createdAt;
    private final float[][] vectors;
    private final double[] norms;
    private final Bm25.Terms terms;

    private IndexEntry(IndexedChunk chunk, float[][] vectors) {
        this.chunkId = chunk.chunkId();
        this.ownerId = chunk.ownerId();
        this.knowledgeBaseId = chunk.knowledgeBaseId();
        this.documentId = chunk.documentId();
        this.chunkIndex = chunk.chunkIndex();
        this.page = chunk.page();
        this.mimeType = chunk.mimeType();
        this.text = chunk.text();
        this.metadata = chunk.metadata();
        this.createdAt = chunk.createdAt();
        this.vectors = vectors;
        this.norms = VectorMath.norms(vectors);
        this.terms = Bm25.terms(chunk.text());
    }

    /**
     * Checks and converts a chunk for {@code space}.
     *
     * @throws InvalidInputException if a vector has the wrong dimension or, in a FLOAT16 space,
     *         a component beyond the half-precision range
     */
    static IndexEntry of(IndexedChunk chunk, EmbeddingSpace space) {
        return new IndexEntry(chunk, storedVectors(chunk.vectors(), space, "embedding"));
    }

    /** The vectors as {@code space} stores and compares them, each checked against its dimension. */
    static float[][] storedVectors(List<Embedding> embeddings, EmbeddingSpace space, String field) {
        float[][] vectors = new float[embeddings.size()][];
        for (int v = 0; v < vectors.length; v++) {
            float[] values = embeddings.get(v).requireDimension(space).toArray();
            if (space.vectorType() == VectorType.FLOAT16) {
                for (int i = 0; i < values.length; i++) {
                    float rounded = HalfFloat.round(values[i]);
                    if (Float.isInfinite(rounded)) {
                        throw InvalidInputException.of(field + "[" + i + "]",
                                "must be within ±" + (int) HalfFloat.MAX_VALUE + " for FLOAT16 space '" + space.name() + "'",
                                values[i]);
                    }
                    values[i] = rounded;
                }
            }
            vectors[v] = values;
        }
        return vectors;
    }

    ChunkId chunkId() {
        return chunkId;
    }

    UserId ownerId() {
        return ownerId;
    }

    KnowledgeBaseId knowledgeBaseId() {
        return knowledgeBaseId;
    }

    DocumentId documentId() {
        return documentId;
    }

    float[][] vectors() {
        return vectors;
    }

    double[] norms() {
        return norms;
    }

    Bm25.Terms terms() {
        return terms;
    }

    /** The chunk with its vectors as stored. */
    IndexedChunk toIndexedChunk() {
        List<Embedding> embeddings = new ArrayList<>(vectors.length);
        for (float[] vector : vectors) {
            embeddings.add(Embedding.of(vector));
        }
        return new IndexedChunk(chunkId, ownerId, knowledgeBaseId, documentId, chunkIndex, page, mimeType, text, metadata,
                createdAt, embeddings);
    }

    /** The value a filter sees for {@code field}, or {@code null} when the chunk has none. */
    Object value(FilterField field) {
        if (field instanceof MetadataField m) {
            return metadata.get(m.key());
        } else if (field == BuiltInField.KNOWLEDGE_BASE) {
            return knowledgeBaseId.value();
        } else if (field == BuiltInField.DOCUMENT) {
            return documentId.value();
        } else if (field == BuiltInField.MIME_TYPE) {
            return mimeType;
        } else if (field == BuiltInField.PAGE) {
            return page == null ? null : Long.valueOf(page);
        } else if (field == BuiltInField.CREATED_AT) {
            return createdAt;
        } else {
            throw new IllegalStateException("unhandled filter field " + field);
        }
    }
}
