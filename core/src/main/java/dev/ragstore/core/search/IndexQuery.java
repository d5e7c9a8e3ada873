package dev.ragstore.core.search;

import dev.ragstore.core.chunk.Embedding;
import dev.ragstore.core.filter.Filter;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.user.UserId;

import java.util.List;
import java.util.Objects;

/**
 * A search as the facade hands it to a {@link VectorIndex}: always restricted to one owner and
 * a non-empty set of that owner's live knowledge bases.
 *
 * @param text    query text for KEYWORD and HYBRID, otherwise may be {@code null}
 * @param vectors query vectors for VECTOR and HYBRID (one, or several for multi-vector), otherwise empty
 * @param filter  may be {@code null}
 * @param minScore inclusive lower bound on the score, or {@code null}
 * @param annCandidates candidates an approximate index examines per query vector, or {@code null}
 *                 for its default (see {@link SearchRequest#annCandidates()})
 * @param includeVectors whether every hit must carry its chunk's stored vectors ({@link IndexHit#vectors()})
 */
public record IndexQuery(
        String space,
        UserId ownerId,
        List<KnowledgeBaseId> knowledgeBases,
        SearchMode mode,
        String text,
        List<Embedding> vectors,
        Filter filter,
        int topK,
        Double minScore,
        Integer annCandidates,
        boolean includeVectors) {

    public IndexQuery {
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(ownerId, "ownerId");
        knowledgeBases = List.copyOf(knowledgeBases);
        if (knowledgeBases.isEmpty()) {
            throw new IllegalArgumentException("knowledgeBases must not be empty");
        }
        Objects.requireNonNull(mode, "mode");
        vectors = List.copyOf(vectors);
        for (int i = 0; i < vectors.size(); i++) {
            vectors.get(i).requireRepresentable("index query vectors[" + i + "]");
        }
        if (mode != SearchMode.KEYWORD && vectors.isEmpty()) {
            throw new IllegalArgumentException("vectors must not be empty for mode " + mode);
        }
        if (mode != SearchMode.VECTOR && (text == null || text.isBlank())) {
            throw new IllegalArgumentException("text must not be blank for mode " + mode);
        }
        if (annCandidates != null && (annCandidates < 1 || annCandidates > SearchRequest.MAX_ANN_CANDIDATES)) {
            throw new IllegalArgumentException("annCandidates must be between 1 and " + SearchRequest.MAX_ANN_CANDIDATES);
        }
    }

    /** A query whose hits carry no vectors. */
    public IndexQuery(String space, UserId ownerId, List<KnowledgeBaseId> knowledgeBases, SearchMode mode, String text,
            List<Embedding> vectors, Filter filter, int topK, Double minScore, Integer annCandidates) {
        this(space, ownerId, knowledgeBases, mode, text, vectors, filter, topK, minScore, annCandidates, false);
    }

    /** A query with the index's default number of ANN candidates. */
    public IndexQuery(String space, UserId ownerId, List<KnowledgeBaseId> knowledgeBases, SearchMode mode, String text,
            List<Embedding> vectors, Filter filter, int topK, Double minScore) {
        this(space, ownerId, knowledgeBases, mode, text, vectors, filter, topK, minScore, null, false);
    }
}
