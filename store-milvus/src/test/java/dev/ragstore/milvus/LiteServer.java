package dev.ragstore.milvus;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A Milvus Lite server the fault tests start and kill themselves, on a free port with its own data
 * directory, from the project's virtual environment ({@code .services/milvus-venv}, installed by
 * {@code scripts/setup-services.sh}) or {@code RAGSTORE_MILVUS_LITE} (the path of the
 * {@code milvus-lite} executable).
 */
final class LiteServer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Path executable;
    private final Path dataDir;
    private final int port;
    private Process process;

    private LiteServer(Path executable, Path dataDir, int port) {
        this.executable = executable;
        this.dataDir = dataDir;
        this.port = port;
    }

    /** Starts a server on a free port. */
    static LiteServer start() throws IOException {
        Path executable = executable();
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        LiteServer server = new LiteServer(executable, Files.createTempDirectory("ragstore-milvus-lite"), port);
        server.restart();
        return server;
    }

    String uri() {
        return "http://127.0.0.1:" + port;
    }

    /** Starts the server again on the same port and data directory, and waits until it accepts connections. */
    void restart() throws IOException {
        File log = dataDir.resolveSibling(dataDir.getFileName() + ".log").toFile();
        process = new ProcessBuilder(executable.toString(), "server", "--data-dir", dataDir.toString(), "--host", "127.0.0.1",
                "--port", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!accepting()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                kill();
                throw new IllegalStateException("Milvus Lite did not start on port " + port + " within " + START_TIMEOUT
                        + " (exit " + (process.isAlive() ? "none" : process.exitValue()) + "); see " + log);
            }
            sleep(200);
        }
    }

    /** Kills the server (SIGTERM, then SIGKILL after 10 s) and waits until it is gone. */
    void kill() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        while (accepting()) {
            sleep(100);
        }
    }

    /** Kills the server and deletes its data directory and log. */
    @Override
    public void close() {
        kill();
        try (java.util.stream.Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory; the operating system cleans it up eventually
        }
        dataDir.resolveSibling(dataDir.getFileName() + ".log").toFile().delete();
    }

    private boolean accepting() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Path executable() {
        String configured = System.getenv("RAGSTORE_MILVUS_LITE");
        Path path = configured != null && !configured.isBlank() ? Paths.get(configured)
                : Paths.get("").toAbsolutePath().resolve("../.services/milvus-venv/bin/milvus-lite").normalize();
        if (!Files.isExecutable(path)) {
            throw new IllegalStateException("the fault tests start their own Milvus Lite, but " + path + " is missing: run "
                    + "`bash scripts/setup-services.sh` (it installs milvus-lite into .services/milvus-venv) or set "
                    + "RAGSTORE_MILVUS_LITE to the milvus-lite executable");
        }
        return path;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
