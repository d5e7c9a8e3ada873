package dev.ragstore.core.memory;

import dev.ragstore.core.page.Page;
import dev.ragstore.core.page.PageRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;

/** Keyset pages over rows ordered by id, either way: the cursor is the id of the last item, exclusive. */
final class Paging {

    private Paging() {
    }

    /** Up to {@code page.limit()} rows after the cursor, in the page's order, that pass {@code include}. */
    static <V> Page<V> page(NavigableMap<UUID, V> rows, PageRequest page, Predicate<V> include, Function<V, ?> idOf) {
        NavigableMap<UUID, V> ordered = page.newestFirst() ? rows.descendingMap() : rows;
        NavigableMap<UUID, V> tail = page.after() == null ? ordered : ordered.tailMap(UUID.fromString(page.after()), false);
        List<V> fetched = new ArrayList<>(Math.min(page.limit() + 1, 64));
        for (V row : tail.values()) {
            if (include.test(row)) {
                fetched.add(row);
                if (fetched.size() > page.limit()) {
                    break;
                }
            }
        }
        return Page.of(fetched, page.limit(), idOf);
    }
}
