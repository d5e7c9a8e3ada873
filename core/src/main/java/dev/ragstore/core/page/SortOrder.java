package dev.ragstore.core.page;

/**
 * The order of a keyset list. Lists are ordered by id, and ids minted by RagStore are
 * time-ordered (UUIDv7), so id order is creation order.
 *
 * @since 0.2
 */
public enum SortOrder {
    /** Ascending ids: oldest first (the default). A row added while paging appears on a later page. */
    OLDEST_FIRST,
    /** Descending ids: newest first. A row added while paging sorts before the cursor and is not returned by later pages. */
    NEWEST_FIRST
}
