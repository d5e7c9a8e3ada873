package dev.ragstore.testkit;

import dev.ragstore.core.filter.Filter;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class FilterSemanticsTableTest {

    @Test
    void everyOperatorAppearsInTheTable() {
        Set<Class<?>> seen = new HashSet<>();
        FilterSemanticsTable.rows().forEach(row -> collect(row.filter(), seen));

        assertThat(seen).containsExactlyInAnyOrder(Filter.Eq.class, Filter.Ne.class, Filter.In.class, Filter.NotIn.class,
                Filter.Gt.class, Filter.Gte.class, Filter.Lt.class, Filter.Lte.class, Filter.Exists.class, Filter.Contains.class,
                Filter.And.class, Filter.Or.class, Filter.Not.class);
    }

    @Test
    void rowDescriptionsAreUniqueAndFixturesNamedOnce() {
        List<String> descriptions = FilterSemanticsTable.rows().stream().map(FilterSemanticsTable.Row::description).toList();
        List<String> names = FilterSemanticsTable.fixtures().stream().map(FilterSemanticsTable.Fixture::name).toList();

        assertThat(descriptions).doesNotHaveDuplicates();
        assertThat(names).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(FilterSemanticsTable.names());
    }

    private static void collect(Filter filter, Set<Class<?>> seen) {
        seen.add(filter.getClass());
        if (filter instanceof Filter.And and) {
            and.filters().forEach(f -> collect(f, seen));
        } else if (filter instanceof Filter.Or or) {
            or.filters().forEach(f -> collect(f, seen));
        } else if (filter instanceof Filter.Not not) {
            collect(not.filter(), seen);
        }
    }
}
