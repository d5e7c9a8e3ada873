package dev.ragstore.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A private {@code redis-server} (from PATH) on a free port that a test may kill, restart, pause
 * and put to sleep. Persistence is off ({@code --save ''}); {@link #save()} writes a snapshot on
 * demand, which a restart loads, so a test can bring back data from before an outage.
 */
final class RedisServerProcess implements AutoCloseable {

    private final int port;
    private final Path dir;
    private final List<String> extraArguments;
    private Process process;

    private RedisServerProcess(int port, Path dir, List<String> extraArguments) {
        this.port = port;
        this.dir = dir;
        this.extraArguments = extraArguments;
    }

    static RedisServerProcess start() throws IOException, InterruptedException {
        return start(List.of());
    }

    /** A server started with {@code extraArguments} added, e.g. {@code --requirepass secret}. */
    static RedisServerProcess start(List<String> extraArguments) throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        RedisServerProcess server = new RedisServerProcess(port, Files.createTempDirectory("ragstore-redis-it"),
                List.copyOf(extraArguments));
        server.launch();
        return server;
    }

    String uri() {
        return "redis://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    /** Kills the process at once (SIGKILL) and waits for it to be gone. */
    void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Starts the server again on the same port and directory (loading a snapshot if one was saved). */
    void restart() throws IOException, InterruptedException {
        kill();
        launch();
    }

    /** Writes a snapshot to disk. */
    void save() {
        admin(redis -> redis.save());
    }

    /** CLIENT PAUSE: the server stops serving every client for {@code duration}. */
    void pause(Duration duration) {
        admin(redis -> redis.clientPause(duration.toMillis()));
    }

    /** DEBUG SLEEP through {@code redis-cli} in the background: the server blocks entirely for {@code duration}. */
    Process debugSleep(Duration duration) throws IOException {
        return new ProcessBuilder("redis-cli", "-p", Integer.toString(port), "DEBUG", "SLEEP",
                Double.toString(duration.toMillis() / 1000.0)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Runs {@code body} on a fresh admin connection with a long timeout. */
    void admin(Consumer<RedisCommands<String, String>> body) {
        RedisURI uri = RedisURI.create(uri());
        uri.setTimeout(Duration.ofSeconds(30));
        RedisClient client = RedisClient.create(uri);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            body.accept(connection.sync());
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @Override
    public void close() throws IOException {
        try {
            kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private void launch() throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("redis-server", "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(),
                "--enable-debug-command", "yes"));
        command.addAll(extraArguments);
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile()).start();
        } catch (IOException notFound) {
            throw new IOException("cannot start redis-server from PATH; install it (apt-get install redis-server) "
                    + "or run scripts/setup-services.sh", notFound);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                probe.setSoTimeout(1000);
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IOException("redis-server exited at start; see " + new File(dir.toFile(), "redis.log"));
                }
                Thread.sleep(20);
            }
        }
        throw new IOException("redis-server did not listen on port " + port + " within 10 s");
    }
}
