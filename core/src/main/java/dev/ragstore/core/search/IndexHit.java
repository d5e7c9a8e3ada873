package dev.ragstore.core.search;

import dev.ragstore.core.chunk.ChunkId;

import java.util.Objects;

/**
 * What a {@link VectorIndex} returns for one chunk: its id, score and per-mode ranks. The
 * facade resolves ids to live chunks in the relational store.
 *
 * @param vectorRank  1-based rank in the vector ranking, or {@code null}
 * @param keywordRank 1-based rank in the keyword ranking, or {@code null}
 */
public record IndexHit(ChunkId chunkId, double score, Integer vectorRank, Integer keywordRank) {

    public IndexHit {
        Objects.requireNonNull(chunkId, "chunkId");
    }
}
