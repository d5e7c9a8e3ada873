package dev.ragstore.core.search;

/**
 * How a search ranks chunks: by vector similarity, by keyword relevance (BM25 or full-text
 * rank), or by both fused with reciprocal rank fusion ({@link ReciprocalRankFusion}).
 */
public enum SearchMode {
    VECTOR,
    KEYWORD,
    HYBRID
}
