package dev.ragstore.core.document;

/**
 * Receives progress while a document is ingested. Called on the ingesting thread; must not throw.
 */
@FunctionalInterface
public interface IngestListener {

    /**
     * @param processed chunks embedded and stored so far
     * @param total     chunks to embed (0 before chunking)
     * @param message   what is happening, e.g. {@code "embedding"}
     */
    void progress(long processed, long total, String message);

    /** A listener that ignores progress. */
    static IngestListener none() {
        return (processed, total, message) -> { };
    }
}
