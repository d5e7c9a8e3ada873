package dev.ragstore.milvus.internal;

import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.error.RagStoreException;
import dev.ragstore.core.error.StoreUnavailableException;
import io.milvus.shaded.io.grpc.Status;
import io.milvus.shaded.io.grpc.StatusRuntimeException;
import io.milvus.v2.exception.ErrorCode;
import io.milvus.v2.exception.MilvusClientException;

import java.util.function.Supplier;

/**
 * The one translator of milvus-sdk-java failures into RagStore's exceptions, and the one retry
 * loop. Every failure keeps the SDK exception as its cause; no SDK exception leaves the adapter.
 *
 * <ul>
 *   <li>Unreachable server, connection loss, an RPC deadline, an SDK timeout and the server's
 *       rate limit → {@link StoreUnavailableException} retryable, naming the URI and the
 *       deadline.</li>
 *   <li>Refused credentials, a server or SDK rejection → {@link StoreUnavailableException} not
 *       retryable, with the server's reason. Milvus Lite sends some errors with a code the SDK
 *       cannot read; the SDK then loses the reason (it only logs it, from
 *       {@code io.milvus.v2.utils.RpcUtils}), and the message says so.</li>
 * </ul>
 * {@link #call} retries retryable failures with exponential backoff, at most
 * {@code maxAttempts} times in all; it is only used for idempotent operations. Thread-safe.
 */
public final class MilvusErrors {

    /** The store name in {@link StoreUnavailableException#store()}. */
    public static final String STORE = "milvus";
    /** Milvus's server error code for "rate limit exceeded". */
    private static final int RATE_LIMITED = 8;
    private static final long MAX_BACKOFF_MILLIS = 5_000;

    private final MilvusSettings settings;

    public MilvusErrors(MilvusSettings settings) {
        this.settings = settings;
    }

    /** Runs {@code work} (an idempotent Milvus call named {@code operation}), retrying retryable failures. */
    public <T> T call(String operation, Supplier<T> work) {
        long backoff = settings.retryBackoff().toMillis();
        for (int attempt = 1; ; attempt++) {
            try {
                return work.get();
            } catch (RuntimeException e) {
                RagStoreException translated = translate(e, operation);
                boolean retryable = translated instanceof StoreUnavailableException u && u.retryable();
                if (!retryable || attempt >= settings.maxAttempts()) {
                    throw translated;
                }
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw translated;
                }
                backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
            }
        }
    }

    /** {@link #call} for work without a result. */
    public void run(String operation, Runnable work) {
        call(operation, () -> {
            work.run();
            return null;
        });
    }

    /** Translates a failure of {@code operation}; a {@link RagStoreException} passes unchanged. */
    public RagStoreException translate(RuntimeException e, String operation) {
        if (e instanceof RagStoreException r) {
            return r;
        }
        Status.Code code = rpcCode(e);
        if (code != null) {
            return rpcFailure(code, e, operation);
        }
        if (e instanceof MilvusClientException m) {
            if (m.getErrorCode() == ErrorCode.TIMEOUT || m.getServerErrCode() == RATE_LIMITED) {
                return unavailable(true, operation + " timed out or was rate limited: " + m.getMessage(), e);
            }
            if (m.getErrorCode() == ErrorCode.CLIENT_ERROR && m.getCause() instanceof IllegalArgumentException
                    && String.valueOf(m.getCause().getMessage()).contains("unknown enum value")) {
                return unavailable(false, "Milvus rejected " + operation + " with an error code the SDK cannot read "
                        + "(Milvus Lite); the server's reason is only in the SDK's log line from io.milvus.v2.utils.RpcUtils", e);
            }
            return unavailable(false, "Milvus rejected " + operation + ": " + m.getErrorCode()
                    + (m.getServerErrCode() != 0 ? " (server code " + m.getServerErrCode() + ")" : "") + ": " + m.getMessage(), e);
        }
        return unavailable(false, "Milvus client failed in " + operation + ": " + e, e);
    }

    /** Translates a failure of the client's constructor (connecting, authenticating, selecting the database). */
    public RagStoreException connectFailure(RuntimeException e) {
        if (e instanceof IllegalArgumentException && String.valueOf(e.getMessage()).contains("not exist")) {
            return InvalidInputException.of("database", "must exist on the Milvus server at " + settings.uri()
                    + " (create it, or use \"default\")", settings.database());
        }
        Status.Code code = rpcCode(e);
        if (code == Status.Code.DEADLINE_EXCEEDED || code == Status.Code.UNAVAILABLE) {
            return unavailable(true, "Milvus unavailable at " + settings.address() + ": no connection within the connect "
                    + "timeout of " + MilvusSettings.human(settings.connectTimeout()) + " (" + code + ")", e);
        }
        if (code == Status.Code.UNAUTHENTICATED || code == Status.Code.PERMISSION_DENIED) {
            return unavailable(false, "Milvus at " + settings.address() + " refused the credentials (" + code
                    + "): check token() or credentials()", e);
        }
        return translate(e, "connect");
    }

    private RagStoreException rpcFailure(Status.Code code, RuntimeException e, String operation) {
        switch (code) {
            case UNAVAILABLE:
            case DEADLINE_EXCEEDED:
            case ABORTED:
            case CANCELLED:
                return unavailable(true, "Milvus unavailable at " + settings.address() + " during " + operation + " ("
                        + code + "; rpc deadline " + MilvusSettings.human(settings.rpcDeadline()) + ")", e);
            case UNAUTHENTICATED:
            case PERMISSION_DENIED:
                return unavailable(false, "Milvus at " + settings.address() + " refused " + operation + " (" + code
                        + "): check token() or credentials()", e);
            default:
                return unavailable(false, "Milvus at " + settings.address() + " failed " + operation + " (" + code + "): "
                        + e.getMessage(), e);
        }
    }

    private static StoreUnavailableException unavailable(boolean retryable, String message, Throwable cause) {
        return new StoreUnavailableException(STORE, retryable, message, cause);
    }

    /** The gRPC status code in {@code e}'s causes, or {@code null}. */
    private static Status.Code rpcCode(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof StatusRuntimeException s) {
                return s.getStatus().getCode();
            }
        }
        String message = String.valueOf(e.getMessage());
        // the SDK's own retry loop (disabled here, but kept defensive) flattens the status into text
        for (Status.Code code : new Status.Code[] {Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED}) {
            if (e instanceof MilvusClientException m && m.getErrorCode() == ErrorCode.RPC_ERROR && message.contains(code.name())) {
                return code;
            }
        }
        return null;
    }
}
