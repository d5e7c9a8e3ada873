package dev.ragstore.core.page;

import dev.ragstore.core.internal.Checks;

/**
 * A keyset page request: at most {@code limit} items after the item whose cursor is
 * {@code after} ({@code null} for the first page), in {@code order}. Lists are ordered by id,
 * which is time-ordered, so pages never skip or repeat items when rows are added or removed
 * meanwhile (keyset, not offset).
 *
 * @param limit 1 to 1,000
 * @param after the {@link Page#nextCursor()} of the previous page, or {@code null}
 * @param order oldest first (the default) or newest first; keep it from page to page ({@link #next} does)
 */
public record PageRequest(int limit, String after, SortOrder order) {

    /** The largest page size. */
    public static final int MAX_LIMIT = 1_000;

    public PageRequest {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw dev.ragstore.core.error.InvalidInputException.of("page limit", "must be between 1 and " + MAX_LIMIT, limit);
        }
        if (after != null) {
            Checks.uuid("page cursor", after);
        }
        java.util.Objects.requireNonNull(order, "order");
    }

    /** Oldest first; see the canonical constructor. */
    public PageRequest(int limit, String after) {
        this(limit, after, SortOrder.OLDEST_FIRST);
    }

    /** The first page of {@code limit} items. */
    public static PageRequest first(int limit) {
        return new PageRequest(limit, null);
    }

    /** The first page of {@code limit} items, newest first. @since 0.2 */
    public static PageRequest newestFirst(int limit) {
        return new PageRequest(limit, null, SortOrder.NEWEST_FIRST);
    }

    /** The page after {@code cursor}, in the same order. */
    public PageRequest next(String cursor) {
        return new PageRequest(limit, cursor, order);
    }

    /** This request in another order (a cursor keeps its meaning: the items after it in that order). @since 0.2 */
    public PageRequest withOrder(SortOrder order) {
        return new PageRequest(limit, after, order);
    }

    /** Whether this request lists newest first. @since 0.2 */
    public boolean newestFirst() {
        return order == SortOrder.NEWEST_FIRST;
    }
}
