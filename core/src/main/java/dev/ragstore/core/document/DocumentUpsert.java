package dev.ragstore.core.document;

import dev.ragstore.core.chunk.ChunkId;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.internal.Checks;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A document written with precomputed vectors ({@link Documents#upsert}): the caller has chunked
 * and embedded it (its own model, ColBERT token vectors, a LangChain4j or Spring AI pipeline), so
 * nothing is extracted, chunked or embedded. Built with {@link #builder()}:
 *
 * <pre>{@code
 * DocumentUpsert upsert = DocumentUpsert.builder()
 *         .id(DocumentId.parse("0190f5c4-..."))          // optional: upserting it again replaces it
 *         .fileName("faq.md").metadata(Map.of("lang", "en"))
 *         .chunk(ChunkUpsert.builder("How do I reset my password?").vector(Embedding.of(v)).build())
 *         .build();
 * }</pre>
 *
 * @param id       the caller's document id, or {@code null} for a minted one
 * @param fileName the name lists and citations show (default: the document id)
 * @param mimeType recorded on the document and filterable as {@code MIME_TYPE} (default {@code text/plain})
 * @param metadata the document's metadata; each chunk carries it, overlaid by the chunk's own
 * @param chunks   1 to {@value #MAX_CHUNKS} chunks, in document order, with distinct ids
 */
public record DocumentUpsert(DocumentId id, String fileName, String mimeType, Map<String, Object> metadata,
        List<ChunkUpsert> chunks) {

    /** The most chunks one upsert may carry. */
    public static final int MAX_CHUNKS = 10_000;

    public DocumentUpsert {
        if (fileName != null) {
            Checks.name("document file name", fileName);
        }
        Checks.name("document mime type", mimeType);
        metadata = Checks.metadata(metadata);
        Objects.requireNonNull(chunks, "chunks");
        chunks = List.copyOf(chunks);
        if (chunks.isEmpty() || chunks.size() > MAX_CHUNKS) {
            throw InvalidInputException.of("document chunks", "must have 1 to " + MAX_CHUNKS
                    + " chunks", chunks.size());
        }
        Set<ChunkId> ids = new HashSet<>();
        for (ChunkUpsert chunk : chunks) {
            if (chunk.id() != null && !ids.add(chunk.id())) {
                throw InvalidInputException.of("chunk id", "must be unique within the document",
                        chunk.id());
            }
        }
    }

    /** A builder with no id, no file name, {@code text/plain}, no metadata and no chunks. */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects the fields of a {@link DocumentUpsert}. */
    public static final class Builder {
        private final List<ChunkUpsert> chunks = new ArrayList<>();
        private DocumentId id;
        private String fileName;
        private String mimeType = "text/plain";
        private Map<String, ?> metadata = Map.of();

        private Builder() {
        }

        /** The caller's id: a document of the knowledge base with this id is replaced. {@code null} mints one. */
        public Builder id(DocumentId id) {
            this.id = id;
            return this;
        }

        /** The file name lists and citations show. */
        public Builder fileName(String fileName) {
            this.fileName = fileName;
            return this;
        }

        /** The mime type recorded on the document. */
        public Builder mimeType(String mimeType) {
            this.mimeType = mimeType;
            return this;
        }

        /** The document's metadata, which every chunk carries (overlaid by the chunk's own). */
        public Builder metadata(Map<String, ?> metadata) {
            this.metadata = Objects.requireNonNull(metadata, "metadata");
            return this;
        }

        /** Appends a chunk. */
        public Builder chunk(ChunkUpsert chunk) {
            chunks.add(Objects.requireNonNull(chunk, "chunk"));
            return this;
        }

        /** Appends chunks, in order. */
        public Builder chunks(List<ChunkUpsert> chunks) {
            chunks.forEach(this::chunk);
            return this;
        }

        /** @throws InvalidInputException for no or too many chunks, repeated chunk ids, bad names or metadata */
        @SuppressWarnings("unchecked")
        public DocumentUpsert build() {
            return new DocumentUpsert(id, fileName, mimeType, (Map<String, Object>) metadata, chunks);
        }
    }
}
