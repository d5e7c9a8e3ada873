package dev.ragstore.core.error;

/** A consumption would pass a plan limit; nothing was consumed. */
public final class QuotaExceededException extends RagStoreException {

    private static final long serialVersionUID = 1L;

    private final String quota;
    private final long limit;
    private final long used;
    private final long requested;

    public QuotaExceededException(String quota, long limit, long used, long requested) {
        super(quota + " limit " + limit + " would be exceeded: used " + used + ", requested " + requested);
        this.quota = quota;
        this.limit = limit;
        this.used = used;
        this.requested = requested;
    }

    /** Which quota, e.g. {@code "daily tokens"}. */
    public String quota() {
        return quota;
    }

    public long limit() {
        return limit;
    }

    /** How much was used when the request was refused (as read at that moment). */
    public long used() {
        return used;
    }

    public long requested() {
        return requested;
    }
}
