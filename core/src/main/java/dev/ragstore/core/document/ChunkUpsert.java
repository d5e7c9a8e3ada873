package dev.ragstore.core.document;

import dev.ragstore.core.chunk.ChunkId;
import dev.ragstore.core.chunk.Embedding;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.ingest.RecursiveChunker;
import dev.ragstore.core.internal.Checks;
import dev.ragstore.core.search.IndexedChunk;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One chunk of a {@link DocumentUpsert}: its text, its precomputed vector (or, for a multi-vector
 * space such as ColBERT token vectors, its vectors), optional caller id, metadata and page. The
 * vectors must belong to the store's embedding space; {@link Documents#upsert} checks their
 * dimension and the index's multi-vector capability before anything is written.
 *
 * @param id         the caller's chunk id, or {@code null} for a minted one
 * @param text       the chunk's text (searched by keyword, returned in hits)
 * @param vectors    1 to {@value IndexedChunk#MAX_VECTORS} vectors; more than one makes a multi-vector chunk
 * @param metadata   the chunk's own metadata, laid over the document's (a chunk key wins)
 * @param page       1-based page, or {@code null}
 * @param tokenCount tokens of the text (default: {@link RecursiveChunker#estimateTokens})
 */
public record ChunkUpsert(ChunkId id, String text, List<Embedding> vectors, Map<String, Object> metadata, Integer page,
        int tokenCount) {

    public ChunkUpsert {
        Checks.text("chunk text", text, Checks.MAX_TEXT);
        Objects.requireNonNull(vectors, "vectors");
        vectors = List.copyOf(vectors);
        if (vectors.isEmpty() || vectors.size() > IndexedChunk.MAX_VECTORS) {
            throw InvalidInputException.of("chunk vectors", "must have 1 to " + IndexedChunk.MAX_VECTORS + " vectors",
                    vectors.size());
        }
        metadata = Checks.metadata(metadata);
        if (page != null) {
            Checks.positive("chunk page", page);
        }
        Checks.nonNegative("chunk token count", tokenCount);
    }

    /** A builder for a chunk of {@code text}; give it at least one vector. */
    public static Builder builder(String text) {
        return new Builder(text);
    }

    /** A single-vector chunk with a minted id and no metadata of its own. */
    public static ChunkUpsert of(String text, Embedding vector) {
        return builder(text).vector(vector).build();
    }

    /** Collects the fields of a {@link ChunkUpsert}. */
    public static final class Builder {
        private final String text;
        private final List<Embedding> vectors = new ArrayList<>();
        private ChunkId id;
        private Map<String, ?> metadata = Map.of();
        private Integer page;
        private Integer tokenCount;

        private Builder(String text) {
            this.text = text;
        }

        /** The caller's id; {@code null} (the default) mints one. */
        public Builder id(ChunkId id) {
            this.id = id;
            return this;
        }

        /** One vector, replacing any set before. */
        public Builder vector(Embedding vector) {
            vectors.clear();
            vectors.add(Objects.requireNonNull(vector, "vector"));
            return this;
        }

        /** Several vectors (multi-vector, e.g. ColBERT token vectors), replacing any set before. */
        public Builder vectors(List<Embedding> vectors) {
            this.vectors.clear();
            for (Embedding vector : vectors) {
                this.vectors.add(Objects.requireNonNull(vector, "vectors[" + this.vectors.size() + "]"));
            }
            return this;
        }

        /** The chunk's own metadata, laid over the document's. */
        public Builder metadata(Map<String, ?> metadata) {
            this.metadata = Objects.requireNonNull(metadata, "metadata");
            return this;
        }

        /** The 1-based page, or {@code null}. */
        public Builder page(Integer page) {
            this.page = page;
            return this;
        }

        /** The token count; by default estimated from the text. */
        public Builder tokenCount(int tokenCount) {
            this.tokenCount = tokenCount;
            return this;
        }

        /** @throws InvalidInputException for blank text, no or too many vectors, bad metadata, page or token count */
        @SuppressWarnings("unchecked")
        public ChunkUpsert build() {
            int tokens = tokenCount != null ? tokenCount : text == null ? 0 : RecursiveChunker.estimateTokens(text);
            return new ChunkUpsert(id, text, vectors, (Map<String, Object>) metadata, page, tokens);
        }
    }
}
