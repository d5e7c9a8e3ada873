package dev.ragstore.core.filter;

import dev.ragstore.core.internal.Checks;

/**
 * A metadata key. The key is checked against {@value Checks#METADATA_KEY_RULE} at
 * construction, so no adapter ever sees a key that could change the meaning of a query.
 */
public record MetadataField(String key) implements FilterField {

    public MetadataField {
        Checks.metadataKey(key);
    }
}
