package dev.ragstore.core.filter;

/**
 * Fields every indexed chunk has, with the value type each accepts in a filter:
 * {@link #KNOWLEDGE_BASE} and {@link #DOCUMENT} take ids (or UUIDs), {@link #MIME_TYPE} a
 * String, {@link #PAGE} a Long (absent for chunks without a page), {@link #CREATED_AT} an
 * {@link java.time.Instant}.
 */
public enum BuiltInField implements FilterField {
    KNOWLEDGE_BASE,
    DOCUMENT,
    MIME_TYPE,
    PAGE,
    CREATED_AT
}
