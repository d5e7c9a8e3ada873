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
 * @param includeVectors whether each hit carries its chunk's stored vectors ({@link SearchHit#vectors()});
 *                       off by default, and then nothing is read for them
 */
public record SearchRequest(
        String text,
        List<Embedding> vectors,
        List<KnowledgeBaseId> knowledgeBases,
        Filter filter,
        int topK,
        SearchMode mode,
        Double minScore,
        Integer annCandidates,
        boolean includeVectors) {

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

    /** A request without stored vectors in its hits (see {@link #includeVectors()}). */
    public SearchRequest(String text, List<Embedding> vectors, List<KnowledgeBaseId> knowledgeBases, Filter filter,
            int topK, SearchMode mode, Double minScore, Integer annCandidates) {
        this(text, vectors, knowledgeBases, filter, topK, mode, minScore, annCandidates, false);
    }

    /** A builder with the defaults: no text or vector, all knowledge bases, no filter, topK 10, mode VECTOR. */
    public static Builder builder() {
        return new Builder();
    }

    /** A top-10 hybrid search for {@code text}. */
    public static SearchRequest hybrid(String text) {
        return builder().text(text).mode(SearchMode.HYBRID).build();
    }

    /**
     * Collects the fields of a {@link SearchRequest}; defaults: topK 10, mode VECTOR, no filter. The
     * setters only collect (they reject {@code null} where noted); {@link #build()} checks every
     * rule and the combinations. Not thread-safe.
     */
    public static final class Builder {
        private String text;
        private final List<Embedding> vectors = new ArrayList<>();
        private final List<KnowledgeBaseId> knowledgeBases = new ArrayList<>();
        private Filter filter;
        private int topK = 10;
        private SearchMode mode = SearchMode.VECTOR;
        private Double minScore;
        private Integer annCandidates;
        private boolean includeVectors;

        private Builder() {
        }

        /**
         * The query text, at most {@value SearchRequest#MAX_QUERY_TEXT} characters without NUL; by
         * default none. Required (not blank) for KEYWORD and HYBRID; for VECTOR it is embedded when
         * no vector is given. {@code null} clears it. Checked by {@link #build()}.
         */
        public Builder text(String text) {
            this.text = text;
            return this;
        }

        /**
         * One query vector instead of embedding the text; replaces any vectors set before. By
         * default none. Its dimension must match the knowledge bases' embedding space (checked when
         * the search runs).
         *
         * @throws NullPointerException if {@code vector} is {@code null}
         */
        public Builder vector(Embedding vector) {
            this.vectors.clear();
            this.vectors.add(Objects.requireNonNull(vector, "vector"));
            return this;
        }

        /**
         * Query vectors for a multi-vector (late interaction) search, replacing any set before; empty
         * (the default) embeds the text instead. At most {@value SearchRequest#MAX_QUERY_VECTORS},
         * all of one dimension, none for KEYWORD: checked by {@link #build()}.
         *
         * @throws NullPointerException if the list is {@code null} (a {@code null} element fails
         *         {@link #build()} the same way)
         */
        public Builder vectors(List<Embedding> vectors) {
            this.vectors.clear();
            this.vectors.addAll(vectors);
            return this;
        }

        /**
         * The knowledge bases to search, replacing any set before; empty (the default) means all of
         * the user's live knowledge bases. Another user's or an unknown id fails the search with
         * {@link dev.ragstore.core.error.NotFoundException}.
         *
         * @throws NullPointerException if the list is {@code null} (a {@code null} element fails
         *         {@link #build()} the same way)
         */
        public Builder knowledgeBases(List<KnowledgeBaseId> knowledgeBases) {
            this.knowledgeBases.clear();
            this.knowledgeBases.addAll(knowledgeBases);
            return this;
        }

        /**
         * Searches only {@code knowledgeBase}; the same as {@code knowledgeBases(List.of(knowledgeBase))}.
         *
         * @throws NullPointerException if {@code knowledgeBase} is {@code null}
         */
        public Builder knowledgeBase(KnowledgeBaseId knowledgeBase) {
            return knowledgeBases(List.of(knowledgeBase));
        }

        /**
         * A condition every hit's chunk satisfies (see {@link Filter} for its semantics); by default
         * none. {@code null} clears it. A filter is checked when it is built, so this never throws.
         */
        public Builder filter(Filter filter) {
            this.filter = filter;
            return this;
        }

        /**
         * The most hits to return, best first; 10 by default. Must be 1 to
         * {@value SearchRequest#MAX_TOP_K}: {@link #build()} throws
         * {@link InvalidInputException} naming {@code search topK} otherwise.
         */
        public Builder topK(int topK) {
            this.topK = topK;
            return this;
        }

        /**
         * How hits are ranked: VECTOR (the default) by similarity, KEYWORD by BM25, HYBRID by
         * reciprocal rank fusion of both. An index without the mode fails the search with
         * {@link InvalidInputException} naming the index and the mode.
         *
         * @throws NullPointerException if {@code mode} is {@code null}
         */
        public Builder mode(SearchMode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * Drops hits scoring below {@code minScore} (inclusive) on the mode's own score scale
         * (similarity, BM25 or fused RRF score); by default no threshold. Must be finite:
         * {@link #build()} throws {@link InvalidInputException} naming {@code search minScore}
         * otherwise.
         */
        public Builder minScore(double minScore) {
            this.minScore = minScore;
            return this;
        }

        /**
         * How many candidates an approximate index examines per query vector, e.g. 200 for better
         * recall on one query (see {@link SearchRequest#annCandidates()}); by default the index's own
         * setting. Must be 1 to {@value SearchRequest#MAX_ANN_CANDIDATES}: {@link #build()} throws
         * {@link InvalidInputException} naming {@code search annCandidates} otherwise.
         */
        public Builder annCandidates(int annCandidates) {
            this.annCandidates = annCandidates;
            return this;
        }

        /**
         * Whether each hit carries the stored vectors of its chunk in {@link SearchHit#vectors()}:
         * the one vector of a single-vector chunk, or all token vectors of a multi-vector chunk in
         * their stored order, at the space's stored precision. Off by default: then the index reads
         * no vectors and every hit's list is empty.
         */
        public Builder includeVectors(boolean includeVectors) {
            this.includeVectors = includeVectors;
            return this;
        }

        /**
         * The request.
         *
         * @throws InvalidInputException naming the field and the rule when a value is out of range
         *         or the combination is impossible: blank text for KEYWORD or HYBRID, neither text
         *         nor vector for VECTOR, vectors for KEYWORD, vectors of different dimensions
         */
        public SearchRequest build() {
            return new SearchRequest(text, vectors, knowledgeBases, filter, topK, mode, minScore, annCandidates,
                    includeVectors);
        }
    }
}
