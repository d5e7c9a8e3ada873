package dev.ragstore.testkit;

import dev.ragstore.core.UserScope;
import dev.ragstore.core.chunk.Embedding;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.search.SearchMode;
import dev.ragstore.core.search.SearchRequest;
import org.junit.jupiter.api.Assumptions;

/**
 * How facade contracts find out whether the store's vector index answers a search mode: a probe
 * search, which the facade refuses up front (field {@code "search mode"}, naming the adapter and
 * the missing capability) when the index cannot answer it. A refused mode aborts the test with
 * that message, so it is reported as not applicable, never as passed.
 */
final class Capabilities {

    private Capabilities() {
    }

    /**
     * Aborts the running test unless the store's vector index has multi-vector search: a probe with
     * two query vectors of {@code dimension}, which the facade refuses up front (field
     * {@code "search vectors"}, naming the adapter and the missing capability) otherwise.
     */
    static void assumeMultiVector(UserScope scope, KnowledgeBaseId knowledgeBase, int dimension) {
        if (!multiVector(scope, knowledgeBase, dimension)) {
            Assumptions.abort("not applicable: the vector index lacks the capability multi-vector search");
        }
    }

    /** Whether the store's vector index has multi-vector search (probed as {@link #assumeMultiVector} does). */
    static boolean multiVector(UserScope scope, KnowledgeBaseId knowledgeBase, int dimension) {
        float[] a = new float[dimension];
        float[] b = new float[dimension];
        a[0] = 1;
        b[dimension - 1] = 1;
        try {
            scope.search(SearchRequest.builder().vectors(java.util.List.of(Embedding.of(a), Embedding.of(b)))
                    .knowledgeBase(knowledgeBase).topK(1).build());
            return true;
        } catch (InvalidInputException e) {
            if ("search vectors".equals(e.field())) {
                return false;
            }
            throw e;
        }
    }

    /** Aborts the running test unless {@code scope} can search {@code knowledgeBase} in {@code mode}. */
    static void assumeMode(UserScope scope, KnowledgeBaseId knowledgeBase, SearchMode mode) {
        try {
            scope.search(SearchRequest.builder().text("capability probe").mode(mode).knowledgeBase(knowledgeBase).topK(1).build());
        } catch (InvalidInputException e) {
            if ("search mode".equals(e.field())) {
                Assumptions.abort("not applicable: " + e.getMessage());
            }
            throw e;
        }
    }
}
