package dev.ragstore.core.ephemeral;

/** State of a background job. */
public enum JobStatus {
    RUNNING,
    COMPLETED,
    FAILED
}
