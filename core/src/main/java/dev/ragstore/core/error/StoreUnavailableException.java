package dev.ragstore.core.error;

/**
 * A backing store could not be reached or gave up (connection lost, pool exhausted,
 * serialization failure). {@link #retryable()} says whether the same call may succeed later;
 * when it is {@code true}, nothing of the failed call was written.
 */
public final class StoreUnavailableException extends RagStoreException {

    private static final long serialVersionUID = 1L;

    private final String store;
    private final boolean retryable;

    public StoreUnavailableException(String store, boolean retryable, String message, Throwable cause) {
        super(message, cause);
        this.store = store;
        this.retryable = retryable;
    }

    /** Which store failed, e.g. {@code "postgresql"}, {@code "redis"}, {@code "milvus"}. */
    public String store() {
        return store;
    }

    public boolean retryable() {
        return retryable;
    }
}
