package dev.ragstore.core.document;

import java.util.Objects;

/**
 * The outcome of an ingestion.
 *
 * @param duplicate whether the knowledge base already held a completed document with the same bytes and metadata
 *                  (then nothing was done and {@link #document()} is that document)
 * @param chunks    number of chunks the document has
 */
public record IngestResult(Document document, boolean duplicate, int chunks) {

    public IngestResult {
        Objects.requireNonNull(document, "document");
    }
}
