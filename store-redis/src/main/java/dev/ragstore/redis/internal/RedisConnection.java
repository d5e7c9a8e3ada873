package dev.ragstore.redis.internal;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.event.Event;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import reactor.core.Disposable;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One shared, auto-reconnecting Lettuce connection (standalone, Sentinel or Cluster) with the
 * store's timeouts. Standalone and Sentinel: while disconnected, commands are rejected at once
 * instead of queued, so an outage costs callers a fast failure, not a timeout each. Cluster: node
 * connections open lazily, so commands wait for their node's connection up to the command
 * timeout. Thread-safe.
 */
public final class RedisConnection implements AutoCloseable {

    private final ClientResources resources;
    private final AbstractRedisClient client;
    private final StatefulConnection<String, String> connection;
    private final RedisClusterCommands<String, String> commands;
    private final Disposable eventSubscription;

    private RedisConnection(ClientResources resources, AbstractRedisClient client, StatefulConnection<String, String> connection,
            RedisClusterCommands<String, String> commands, Disposable eventSubscription) {
        this.resources = resources;
        this.client = client;
        this.connection = connection;
        this.commands = commands;
        this.eventSubscription = eventSubscription;
    }

    /**
     * Connects. Lettuce exceptions (e.g. {@code RedisConnectionException}) propagate untranslated;
     * nothing is left open when connecting fails.
     *
     * @param uri    a parsed URI whose timeout is set to {@code commandTimeout}
     * @param events receives Lettuce's connection events (connected, disconnected, ...)
     */
    public static RedisConnection open(RedisURI uri, boolean cluster, Duration connectTimeout, Duration commandTimeout,
            Consumer<Event> events) {
        uri.setTimeout(commandTimeout);
        ClientResources resources = DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS))
                .build();
        Disposable subscription = resources.eventBus().get().subscribe(events::accept);
        SocketOptions socket = SocketOptions.builder().connectTimeout(connectTimeout).keepAlive(true).build();
        TimeoutOptions timeouts = TimeoutOptions.enabled(commandTimeout);
        AbstractRedisClient client = null;
        try {
            if (cluster) {
                RedisClusterClient clusterClient = RedisClusterClient.create(resources, uri);
                client = clusterClient;
                // Cluster node connections open lazily; rejecting while one connects would fail healthy calls,
                // so commands wait for the connection (at most the command timeout) instead.
                clusterClient.setOptions(ClusterClientOptions.builder().autoReconnect(true)
                        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS)
                        .socketOptions(socket).timeoutOptions(timeouts).build());
                StatefulRedisClusterConnection<String, String> connection = clusterClient.connect(StringCodec.UTF8);
                return new RedisConnection(resources, client, connection, connection.sync(), subscription);
            }
            RedisClient standalone = RedisClient.create(resources, uri);
            client = standalone;
            standalone.setOptions(ClientOptions.builder().autoReconnect(true)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .socketOptions(socket).timeoutOptions(timeouts).build());
            StatefulRedisConnection<String, String> connection = standalone.connect(StringCodec.UTF8);
            return new RedisConnection(resources, client, connection, connection.sync(), subscription);
        } catch (RuntimeException failure) {
            subscription.dispose();
            if (client != null) {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
            resources.shutdown(0, 2, TimeUnit.SECONDS);
            throw failure;
        }
    }

    /** Synchronous commands over the shared connection; they time out after the command timeout. */
    public RedisClusterCommands<String, String> commands() {
        return commands;
    }

    /** Whether the connection is currently open (it reconnects by itself after a loss). */
    public boolean isOpen() {
        return connection.isOpen();
    }

    /** Closes the connection, the client and its threads; idempotent. */
    @Override
    public void close() {
        eventSubscription.dispose();
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
