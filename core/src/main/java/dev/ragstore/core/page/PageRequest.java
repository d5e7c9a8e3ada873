package dev.ragstore.core.page;

import dev.ragstore.core.internal.Checks;

/**
 * A keyset page request: at most {@code limit} items after the item whose cursor is
 * {@code after} ({@code null} for the first page). Lists are ordered by id, which is
 * time-ordered, so pages never skip or repeat items when rows are added meanwhile.
 *
 * @param limit 1 to 1,000
 * @param after the {@link Page#nextCursor()} of the previous page, or {@code null}
 */
public record PageRequest(int limit, String after) {

    /** The largest page size. */
    public static final int MAX_LIMIT = 1_000;

    public PageRequest {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw dev.ragstore.core.error.InvalidInputException.of("page limit", "must be between 1 and " + MAX_LIMIT, limit);
        }
        if (after != null) {
            Checks.uuid("page cursor", after);
        }
    }

    /** The first page of {@code limit} items. */
    public static PageRequest first(int limit) {
        return new PageRequest(limit, null);
    }

    /** The page after {@code cursor}. */
    public PageRequest next(String cursor) {
        return new PageRequest(limit, cursor);
    }
}
