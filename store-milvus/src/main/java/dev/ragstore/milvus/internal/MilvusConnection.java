package dev.ragstore.milvus.internal;

import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.client.RetryConfig;
import io.milvus.v2.common.ConsistencyLevel;

/**
 * One {@link MilvusClientV2} with its settings, error translator and the server's features. The
 * SDK's own retry loop is switched off (RagStore retries in {@link MilvusErrors#call}, only what
 * is retryable, with a bound), and every RPC has a deadline, because a call to a server that
 * died after the connection was made otherwise waits forever. Thread-safe (the SDK client is).
 */
public final class MilvusConnection implements AutoCloseable {

    private final MilvusSettings settings;
    private final MilvusErrors errors;
    private final MilvusClientV2 client;
    private final ServerFeatures features;

    private MilvusConnection(MilvusSettings settings, MilvusErrors errors, MilvusClientV2 client, ServerFeatures features) {
        this.settings = settings;
        this.errors = errors;
        this.client = client;
        this.features = features;
    }

    /**
     * Connects and asks the server for its version.
     *
     * @throws dev.ragstore.core.error.StoreUnavailableException if the server cannot be reached (retryable)
     *         or refuses the credentials
     * @throws dev.ragstore.core.error.InvalidInputException if the database does not exist
     */
    public static MilvusConnection open(MilvusSettings settings) {
        MilvusErrors errors = new MilvusErrors(settings);
        ConnectConfig.ConnectConfigBuilder config = ConnectConfig.builder()
                .uri(settings.uri())
                .dbName(settings.database())
                .connectTimeoutMs(settings.connectTimeout().toMillis())
                .rpcDeadlineMs(settings.rpcDeadline().toMillis());
        if (settings.token() != null) {
            config.token(settings.token());
        } else if (settings.username() != null) {
            config.username(settings.username()).password(settings.password());
        }
        MilvusClientV2 client;
        try {
            client = new MilvusClientV2(config.build());
        } catch (RuntimeException e) {
            throw errors.connectFailure(e);
        }
        try {
            client.retryConfig(RetryConfig.builder().maxRetryTimes(1).build());
            String version = errors.call("getServerVersion", client::getServerVersion);
            return new MilvusConnection(settings, errors, client, ServerFeatures.of(version));
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    public MilvusSettings settings() {
        return settings;
    }

    public MilvusErrors errors() {
        return errors;
    }

    /** The SDK client; calls on it go through {@link MilvusErrors#call}. */
    public MilvusClientV2 client() {
        return client;
    }

    public ServerFeatures features() {
        return features;
    }

    /** The configured consistency level as the SDK's enum. */
    public ConsistencyLevel consistency() {
        return ConsistencyLevel.valueOf(settings.consistency());
    }

    /** Closes the client; idempotent. */
    @Override
    public void close() {
        client.close();
    }
}
