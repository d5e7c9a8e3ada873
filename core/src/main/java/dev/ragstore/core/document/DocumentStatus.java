package dev.ragstore.core.document;

/**
 * Where a document is in ingestion: {@code PENDING → PROCESSING → COMPLETED} or
 * {@code → FAILED} (with an error message). Ingesting a failed document again resumes it.
 */
public enum DocumentStatus {
    PENDING,
    PROCESSING,
    COMPLETED,
    FAILED
}
