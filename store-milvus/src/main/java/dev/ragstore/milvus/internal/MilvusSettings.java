package dev.ragstore.milvus.internal;

import dev.ragstore.core.internal.UriMasking;

import java.time.Duration;

/**
 * The validated configuration of a Milvus vector index (see {@code MilvusVectorIndex.Builder} for
 * the meaning, defaults and ranges of each setting). Credentials are never shown by
 * {@link #toString()}. Immutable.
 *
 * @param token       API key or {@code user:password} token, or {@code null}
 * @param username    user of user/password authentication, or {@code null}
 * @param password    password of {@link #username}, or {@code null}
 * @param autoIndex   {@code true} for AUTOINDEX, {@code false} for HNSW with {@code hnswM}/{@code hnswEfConstruction}
 * @param consistency one of STRONG, BOUNDED, SESSION, EVENTUALLY
 */
public record MilvusSettings(
        String uri,
        String token,
        String username,
        String password,
        String database,
        String collectionPrefix,
        String consistency,
        Duration connectTimeout,
        Duration rpcDeadline,
        boolean autoIndex,
        int hnswM,
        int hnswEfConstruction,
        int searchEf,
        int batchRows,
        long batchBytes,
        int maxAttempts,
        Duration retryBackoff) {

    /** How the server is addressed in messages and logs: the URI and the database. */
    public String address() {
        return UriMasking.mask(uri) + " (database " + database + ")";
    }

    /** Renders a duration for humans: {@code 500 ms}, {@code 10 s}, {@code 2 min}. */
    public static String human(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1_000 || millis % 1_000 != 0) {
            return millis + " ms";
        }
        long seconds = millis / 1_000;
        return seconds % 60 == 0 && seconds >= 60 ? seconds / 60 + " min" : seconds + " s";
    }

    @Override
    public String toString() {
        return "MilvusSettings[uri=" + UriMasking.mask(uri)
                + ", auth=" + (token != null ? "token ****" : username != null ? "user '" + username + "', password ****" : "none")
                + ", database=" + database
                + ", collectionPrefix='" + collectionPrefix + "'"
                + ", consistency=" + consistency
                + ", connectTimeout=" + human(connectTimeout)
                + ", rpcDeadline=" + human(rpcDeadline)
                + ", index=" + (autoIndex ? "AUTOINDEX" : "HNSW(M=" + hnswM + ", efConstruction=" + hnswEfConstruction + ")")
                + ", searchEf=" + searchEf
                + ", batch=" + batchRows + " rows/" + batchBytes + " bytes"
                + ", retries=" + maxAttempts + " attempts from " + human(retryBackoff) + "]";
    }
}
