package dev.ragstore.core.filter;

/**
 * What a filter condition looks at: a {@link BuiltInField} of the chunk and its document, or a
 * {@link MetadataField} key of the chunk's metadata.
 */
public sealed interface FilterField permits BuiltInField, MetadataField {
}
