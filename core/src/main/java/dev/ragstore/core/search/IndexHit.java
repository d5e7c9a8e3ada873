package dev.ragstore.core.search;

import dev.ragstore.core.chunk.ChunkId;
import dev.ragstore.core.chunk.Embedding;

import java.util.List;
import java.util.Objects;

/**
 * What a {@link VectorIndex} returns for one chunk: its id, score and per-mode ranks. The
 * facade resolves ids to live chunks in the relational store.
 *
 * @param vectorRank  1-based rank in the vector ranking, or {@code null}
 * @param keywordRank 1-based rank in the keyword ranking, or {@code null}
 * @param vectors     the chunk's stored vectors (in stored order) when the query asked for them
 *                    ({@link IndexQuery#includeVectors()}), otherwise empty
 */
public record IndexHit(ChunkId chunkId, double score, Integer vectorRank, Integer keywordRank, List<Embedding> vectors) {

    public IndexHit {
        Objects.requireNonNull(chunkId, "chunkId");
        vectors = List.copyOf(vectors);
    }

    /** A hit without vectors. */
    public IndexHit(ChunkId chunkId, double score, Integer vectorRank, Integer keywordRank) {
        this(chunkId, score, vectorRank, keywordRank, List.of());
    }

    /** This hit carrying {@code vectors}. */
    public IndexHit withVectors(List<Embedding> vectors) {
        return new IndexHit(chunkId, score, vectorRank, keywordRank, vectors);
    }
}
