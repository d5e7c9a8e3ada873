package dev.ragstore.core.search;

import dev.ragstore.core.chunk.Embedding;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.filter.Filter;
import dev.ragstore.core.internal.Checks;
import dev.ragstore.core.knowledge.KnowledgeBaseId;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What to search for. Build with {@link #builder()}. The owner is never part of the request: the
 * user scope adds it.
 *
 * @param text           query text, or {@code null}; required for KEYWORD and HYBRID, embedded for VECTOR when no vector is given
 * @param vectors        query vectors: empty (embed {@code text}), one, or many for multi-vector (late interaction) search
 * @param knowledgeBases knowledge bases to search; empty means all of the user's live knowledge bases
 * @param filter         a condition on chunks, or {@code null}
 * @param minScore       drop hits scoring below this (inclusive), or {@code null}
 * @param annCandidates  how many candidates an approximate index examines per query vector (1 to
 *                       {@value #MAX_ANN_CANDIDATES}; pgvector's HNSW {@code ef_search}, Milvus's {@code ef}),
 *                       raised to what the search needs; {@code null} for the index's default; exact
 *                       indexes (in-memory) ignore it. More gives better recall and slower searches.
 */
public record SearchRequest(
        String text,
        List<Embedding> vectors,
        List<KnowledgeBaseId> knowledgeBases,
        Filter filter,
        int topK,
        SearchMode mode,
        Double minScore,
        Integer annCandidates) {

    /** The largest {@code topK}. */
    public static final int MAX_TOP_K = 1_000;
    /** The most query vectors of one multi-vector search. */
    public static final int MAX_QUERY_VECTORS = 1_024;
    /** The longest query text, in characters. */
    public static final int MAX_QUERY_TEXT = 10_000;
    /**
     * The most knowledge bases one search may name ({@link Checks#MAX_IDS}): each is checked to
     * be the user's and live, and each becomes a bound value of the adapter's query. An empty
     * list (all of the user's live knowledge bases) is not limited by it.
     */
    public static final int MAX_KNOWLEDGE_BASES = Checks.MAX_IDS;
    /** The most candidates an approximate search may be asked to examine (pgvector's limit). */
    public static final int MAX_ANN_CANDIDATES = 1_000;

    public SearchRequest {
        Checks.optionalText("search text", text, MAX_QUERY_TEXT);
        vectors = List.copyOf(vectors);
        knowledgeBases = List.copyOf(Checks.maxSize("search knowledgeBases", knowledgeBases, MAX_KNOWLEDGE_BASES));
        Objects.requireNonNull(mode, "mode");
        if (topK < 1 || topK > MAX_TOP_K) {
            throw InvalidInputException.of("search topK", "must be between 1 and " + MAX_TOP_K, topK);
        }
        if (vectors.size() > MAX_QUERY_VECTORS) {
            throw InvalidInputException.of("search vectors", "must be at most " + MAX_QUERY_VECTORS, vectors.size());
        }
        if (annCandidates != null && (annCandidates < 1 || annCandidates > MAX_ANN_CANDIDATES)) {
            throw InvalidInputException.of("search annCandidates", "must be between 1 and " + MAX_ANN_CANDIDATES, annCandidates);
        }
        if (minScore != null && !Double.isFinite(minScore)) {
            throw InvalidInputException.of("search minScore", "must be a finite number", minScore);
        }
        boolean hasText = text != null && !text.isBlank();
        if (mode != SearchMode.VECTOR && !hasText) {
            throw InvalidInputException.of("search text", "must not be blank for mode " + mode, text);
        }
        if (mode == SearchMode.VECTOR && !hasText && vectors.isEmpty()) {
            throw InvalidInputException.withoutValue("search", "needs query text or a vector for mode VECTOR");
        }
        if (mode == SearchMode.KEYWORD && !vectors.isEmpty()) {
            throw InvalidInputException.withoutValue("search vectors", "must be empty for mode KEYWORD");
        }
        int dimension = vectors.isEmpty() ? 0 : vectors.get(0).dimension();
        for (Embedding v : vectors) {
            if (v.dimension() != dimension) {
                throw InvalidInputException.of("search vectors", "must all have the same dimension " + dimension, v.dimension());
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A top-10 hybrid search for {@code text}. */
    public static SearchRequest hybrid(String text) {
        return builder().text(text).mode(SearchMode.HYBRID).build();
    }

    /** Collects the fields of a {@link SearchRequest}; defaults: topK 10, mode VECTOR, no filter. */
    public static final class Builder {
        private String text;
        private final List<Embedding> vectors = new ArrayList<>();
        private final List<KnowledgeBaseId> knowledgeBases = new ArrayList<>();
        private Filter filter;
        private int topK = 10;
        private SearchMode mode = SearchMode.VECTOR;
        private Double minScore;
        private Integer annCandidates;

        private Builder() {
        }

        public Builder text(String text) {
            this.text = text;
            return this;
        }

        public Builder vector(Embedding vector) {
            this.vectors.clear();
            this.vectors.add(Objects.requireNonNull(vector, "vector"));
            return this;
        }

        public Builder vectors(List<Embedding> vectors) {
            this.vectors.clear();
            this.vectors.addAll(vectors);
            return this;
        }

        public Builder knowledgeBases(List<KnowledgeBaseId> knowledgeBases) {
            this.knowledgeBases.clear();
            this.knowledgeBases.addAll(knowledgeBases);
            return this;
        }

        public Builder knowledgeBase(KnowledgeBaseId knowledgeBase) {
            return knowledgeBases(List.of(knowledgeBase));
        }

        public Builder filter(Filter filter) {
            this.filter = filter;
            return this;
        }

        public Builder topK(int topK) {
            this.topK = topK;
            return this;
        }

        public Builder mode(SearchMode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        public Builder minScore(double minScore) {
            this.minScore = minScore;
            return this;
        }

        /** See {@link SearchRequest#annCandidates()}; e.g. 200 for better recall on one query. */
        public Builder annCandidates(int annCandidates) {
            this.annCandidates = annCandidates;
            return this;
        }

        public SearchRequest build() {
            return new SearchRequest(text, vectors, knowledgeBases, filter, topK, mode, minScore, annCandidates);
        }
    }
}
