package dev.ragstore.redis.internal;

import dev.ragstore.core.error.RagStoreException;
import dev.ragstore.core.error.StoreUnavailableException;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisLoadingException;
import io.lettuce.core.RedisReadOnlyException;

import java.time.Duration;
import java.util.Locale;

/**
 * The one place where Lettuce exceptions become RagStore exceptions. Every failure maps to a
 * {@link StoreUnavailableException} of store {@code "redis"} that names the server address, what
 * was being done and, for timeouts, the timeout in human units; the driver exception stays
 * attached as the cause. Thread-safe (immutable).
 */
public final class RedisErrors {

    /** The store name carried by every translated exception. */
    public static final String STORE = "redis";

    private final String address;
    private final String uri;
    private final Duration commandTimeout;

    /**
     * @param address        {@code host:port} (or a list of them) without credentials
     * @param commandTimeout the timeout after which commands give up
     */
    public RedisErrors(String address, Duration commandTimeout) {
        this(address, "redis://" + address, commandTimeout);
    }

    /**
     * @param address        {@code host:port} (or a list of them) without credentials
     * @param uri            the URI with credentials masked ({@link RedisTarget#display()}), named by authentication failures
     * @param commandTimeout the timeout after which commands give up
     */
    public RedisErrors(String address, String uri, Duration commandTimeout) {
        this.address = address;
        this.uri = uri;
        this.commandTimeout = commandTimeout;
    }

    /** The address messages name, e.g. {@code 127.0.0.1:6379}. */
    public String address() {
        return address;
    }

    /**
     * Translates a failure of {@code operation} (e.g. {@code "lock acquire"}).
     *
     * @return the exception to throw; retryable unless the server refused the command for good
     *         (authentication, wrong key type, a script error)
     */
    public StoreUnavailableException translate(String operation, RuntimeException failure) {
        if (failure instanceof StoreUnavailableException already) {
            return already;
        }
        String refusal = authenticationRefusal(failure);
        if (refusal != null) {
            // A wrong or missing password (or an ACL user without the right) does not heal by retrying.
            return new StoreUnavailableException(STORE, false, "Redis authentication failed for " + uri + " during "
                    + operation + ": the server refused the credentials (" + refusal + "); check the user name and "
                    + "password of the Redis URI", failure);
        }
        String prefix = "Redis unavailable at " + address + " during " + operation + ": ";
        if (failure instanceof RedisCommandTimeoutException) {
            return new StoreUnavailableException(STORE, true, prefix + "no reply within " + HumanDuration.format(commandTimeout)
                    + " (server paused, blocked or overloaded); retry later", failure);
        }
        if (failure instanceof RedisCommandInterruptedException) {
            Thread.currentThread().interrupt();
            return new StoreUnavailableException(STORE, true, prefix + "the calling thread was interrupted", failure);
        }
        if (failure instanceof RedisConnectionException) {
            return new StoreUnavailableException(STORE, true, prefix + "cannot connect (" + summary(failure)
                    + "); retry later", failure);
        }
        if (failure instanceof RedisLoadingException || failure instanceof RedisBusyException
                || failure instanceof RedisReadOnlyException) {
            return new StoreUnavailableException(STORE, true, prefix + "server is temporarily unable to serve ("
                    + summary(failure) + "); retry later", failure);
        }
        if (failure instanceof RedisCommandExecutionException) {
            boolean retryable = isTransientServerError(failure.getMessage());
            return new StoreUnavailableException(STORE, retryable, prefix + "server refused the command ("
                    + summary(failure) + ")" + (retryable ? "; retry later" : ""), failure);
        }
        // Lettuce signals "not connected, commands are rejected" and closed connections with plain RedisException.
        return new StoreUnavailableException(STORE, true, prefix + "not connected (" + summary(failure)
                + "); the client reconnects in the background, retry later", failure);
    }

    /** Whether {@code failure} is one this class translates (a Lettuce failure or an already translated one). */
    public static boolean isRedisFailure(RuntimeException failure) {
        return failure instanceof io.lettuce.core.RedisException || failure instanceof StoreUnavailableException;
    }

    /** {@code failure} unchanged when it is already a RagStore exception, else its translation. */
    public RagStoreException toRagStore(String operation, RuntimeException failure) {
        return failure instanceof RagStoreException known && !(failure instanceof StoreUnavailableException)
                ? known : translate(operation, failure);
    }

    /**
     * The server's refusal when {@code failure} (or one of its causes) is an authentication or
     * permission error: {@code WRONGPASS}, {@code NOAUTH}, {@code NOPERM}, or the older
     * {@code ERR invalid password} / {@code ERR AUTH ... called without any password configured}.
     * {@code null} otherwise.
     */
    static String authenticationRefusal(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            String message = cause.getMessage();
            if (message == null) {
                continue;
            }
            String upper = message.toUpperCase(Locale.ROOT);
            if (upper.startsWith("WRONGPASS") || upper.startsWith("NOAUTH") || upper.startsWith("NOPERM")
                    || upper.startsWith("ERR INVALID PASSWORD") || upper.startsWith("ERR AUTH")
                    || upper.startsWith("ERR CLIENT SENT AUTH")) {
                return summary(cause);
            }
        }
        return null;
    }

    private static boolean isTransientServerError(String message) {
        if (message == null) {
            return true;
        }
        String upper = message.toUpperCase(Locale.ROOT);
        return upper.startsWith("CLUSTERDOWN") || upper.startsWith("TRYAGAIN") || upper.startsWith("MASTERDOWN")
                || upper.startsWith("OOM") || upper.startsWith("NOREPLICAS");
    }

    private static String summary(Throwable failure) {
        String message = failure.getMessage();
        if (message == null || message.isBlank()) {
            return failure.getClass().getSimpleName();
        }
        return message.length() <= 160 ? message : message.substring(0, 160) + "…";
    }
}
