package dev.ragstore.langchain4j.internal;

import dev.langchain4j.store.embedding.filter.comparison.ContainsString;
import dev.langchain4j.store.embedding.filter.comparison.IsEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsGreaterThan;
import dev.langchain4j.store.embedding.filter.comparison.IsGreaterThanOrEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsIn;
import dev.langchain4j.store.embedding.filter.comparison.IsLessThan;
import dev.langchain4j.store.embedding.filter.comparison.IsLessThanOrEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsNotEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsNotIn;
import dev.langchain4j.store.embedding.filter.logical.And;
import dev.langchain4j.store.embedding.filter.logical.Not;
import dev.langchain4j.store.embedding.filter.logical.Or;
import dev.ragstore.core.filter.Filter;

/**
 * LangChain4j's filter AST onto RagStore's {@link Filter} DSL, node for node. Both define
 * {@code isNotEqualTo}/{@code isNotIn} as true on a missing key and compare numbers by value;
 * Integer and Float values widen as RagStore stores them.
 */
public final class FilterMapper {

    private FilterMapper() {
    }

    /**
     * The RagStore filter of {@code filter}.
     *
     * @throws UnsupportedOperationException for a filter node LangChain4j added after this bridge
     * @throws dev.ragstore.core.error.InvalidInputException for a key or value RagStore cannot filter on
     */
    public static Filter map(dev.langchain4j.store.embedding.filter.Filter filter) {
        if (filter instanceof IsEqualTo f) {
            return Filter.eq(f.key(), f.comparisonValue());
        }
        if (filter instanceof IsNotEqualTo f) {
            return Filter.ne(f.key(), f.comparisonValue());
        }
        if (filter instanceof IsGreaterThan f) {
            return Filter.gt(f.key(), f.comparisonValue());
        }
        if (filter instanceof IsGreaterThanOrEqualTo f) {
            return Filter.gte(f.key(), f.comparisonValue());
        }
        if (filter instanceof IsLessThan f) {
            return Filter.lt(f.key(), f.comparisonValue());
        }
        if (filter instanceof IsLessThanOrEqualTo f) {
            return Filter.lte(f.key(), f.comparisonValue());
        }
        if (filter instanceof IsIn f) {
            return Filter.in(f.key(), f.comparisonValues().toArray());
        }
        if (filter instanceof IsNotIn f) {
            return Filter.notIn(f.key(), f.comparisonValues().toArray());
        }
        if (filter instanceof ContainsString f) {
            return Filter.contains(f.key(), f.comparisonValue());
        }
        if (filter instanceof And f) {
            return Filter.and(map(f.left()), map(f.right()));
        }
        if (filter instanceof Or f) {
            return Filter.or(map(f.left()), map(f.right()));
        }
        if (filter instanceof Not f) {
            return Filter.not(map(f.expression()));
        }
        throw new UnsupportedOperationException("LangChain4j filter " + filter.getClass().getName()
                + " has no RagStore equivalent");
    }
}
