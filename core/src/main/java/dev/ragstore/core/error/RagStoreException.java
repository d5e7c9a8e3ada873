package dev.ragstore.core.error;

/**
 * Root of every exception RagStore throws. Unchecked; the subtype says what happened, the
 * message says which field, value and rule were involved, and a driver exception, when there
 * was one, stays attached as the cause.
 */
public abstract class RagStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    protected RagStoreException(String message) {
        super(message);
    }

    protected RagStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
