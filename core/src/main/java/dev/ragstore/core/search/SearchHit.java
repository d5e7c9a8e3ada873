package dev.ragstore.core.search;

import dev.ragstore.core.chunk.Chunk;
import dev.ragstore.core.chunk.Embedding;

import java.util.List;
import java.util.Objects;

/**
 * One search result: the chunk, the name of its document, the score in the request's mode
 * (higher is better; see {@link dev.ragstore.core.chunk.DistanceMetric} and
 * {@link ReciprocalRankFusion}) and the 1-based rank the chunk had in each mode that saw it.
 *
 * @param vectorRank  rank in the vector ranking, or {@code null} when it was not among those candidates
 * @param keywordRank rank in the keyword ranking, or {@code null}
 * @param vectors     the chunk's stored vectors (one, or every token vector of a multi-vector chunk in
 *                    stored order) when the request asked for them ({@link SearchRequest#includeVectors()}),
 *                    otherwise empty
 */
public record SearchHit(Chunk chunk, String fileName, double score, Integer vectorRank, Integer keywordRank,
        List<Embedding> vectors) {

    public SearchHit {
        Objects.requireNonNull(chunk, "chunk");
        Objects.requireNonNull(fileName, "fileName");
        vectors = List.copyOf(vectors);
    }

    /** A hit without vectors. */
    public SearchHit(Chunk chunk, String fileName, double score, Integer vectorRank, Integer keywordRank) {
        this(chunk, fileName, score, vectorRank, keywordRank, List.of());
    }
}
