package dev.ragstore.core.page;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One page of a list. {@link #nextCursor()} is empty on the last page.
 *
 * @param nextCursor cursor for the next page, or {@code null} when this is the last one
 */
public record Page<T>(List<T> items, String nextCursor) {

    public Page {
        items = List.copyOf(items);
    }

    /**
     * Builds a page from up to {@code limit + 1} items fetched in order: the extra item, when
     * present, only signals that another page exists.
     */
    public static <T> Page<T> of(List<T> fetched, int limit, Function<T, ?> cursorOf) {
        if (fetched.size() <= limit) {
            return new Page<>(fetched, null);
        }
        List<T> items = fetched.subList(0, limit);
        return new Page<>(items, String.valueOf(cursorOf.apply(items.get(limit - 1))));
    }

    public Optional<String> next() {
        return Optional.ofNullable(nextCursor);
    }

    public boolean hasNext() {
        return nextCursor != null;
    }
}
