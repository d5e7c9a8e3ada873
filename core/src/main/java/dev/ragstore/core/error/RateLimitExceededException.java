package dev.ragstore.core.error;

import java.time.Duration;
import java.util.Objects;

/**
 * A request passed a rate limit (for example an API key's requests per minute); nothing was done
 * for it. The caller may retry after {@link #retryAfter()}.
 *
 * @since 0.2
 */
public final class RateLimitExceededException extends RagStoreException {

    private static final long serialVersionUID = 1L;

    private final String limited;
    private final int permits;
    private final Duration window;
    private final Duration retryAfter;

    /**
     * @param limited    what is limited, e.g. {@code "api key rsk_Ab3dEf_h1JkL"} (never a secret)
     * @param permits    the permits per window
     * @param window     the window of the limit
     * @param retryAfter how long until a permit frees up
     */
    public RateLimitExceededException(String limited, int permits, Duration window, Duration retryAfter) {
        super(Objects.requireNonNull(limited, "limited") + " rate limit of " + permits + " per "
                + Objects.requireNonNull(window, "window") + " exceeded; retry after "
                + Objects.requireNonNull(retryAfter, "retryAfter").toMillis() + " ms");
        this.limited = limited;
        this.permits = permits;
        this.window = window;
        this.retryAfter = retryAfter;
    }

    /** What is limited, e.g. {@code "api key rsk_Ab3dEf_h1JkL"}. */
    public String limited() {
        return limited;
    }

    /** The permits per {@link #window()}. */
    public int permits() {
        return permits;
    }

    /** The sliding window of the limit. */
    public Duration window() {
        return window;
    }

    /** How long until a permit frees up. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
