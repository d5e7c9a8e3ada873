package dev.ragstore.redis;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private three-master Redis Cluster of {@code redis-server} processes (from PATH) on free
 * ports, created with {@code redis-cli --cluster create}. {@link #close()} kills every node.
 */
final class RedisClusterProcesses implements AutoCloseable {

    private static final int NODES = 3;

    private final Path dir;
    private final List<Integer> ports = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();

    private RedisClusterProcesses(Path dir) {
        this.dir = dir;
    }

    static RedisClusterProcesses start() throws IOException, InterruptedException {
        RedisClusterProcesses cluster = new RedisClusterProcesses(Files.createTempDirectory("ragstore-redis-cluster"));
        try {
            cluster.launch();
            return cluster;
        } catch (IOException | RuntimeException | InterruptedException e) {
            // Never leave nodes running when the cluster cannot be formed.
            cluster.close();
            throw e;
        }
    }

    /** A seed node URI. */
    String uri() {
        return "redis://127.0.0.1:" + ports.get(0);
    }

    private void launch() throws IOException, InterruptedException {
        while (ports.size() < NODES) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 30_000);
            // The cluster bus listens on port + 10000.
            if (!ports.contains(port) && free(port) && free(port + 10_000)) {
                ports.add(port);
            }
        }
        for (int port : ports) {
            Path nodeDir = Files.createDirectories(dir.resolve(Integer.toString(port)));
            processes.add(new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--save", "", "--appendonly", "no",
                    "--dir", nodeDir.toString()).redirectErrorStream(true).redirectOutput(nodeDir.resolve("redis.log").toFile())
                    .start());
        }
        for (int port : ports) {
            awaitListening(port);
        }
        List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        for (int port : ports) {
            create.add("127.0.0.1:" + port);
        }
        create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        Process creator = new ProcessBuilder(create).redirectErrorStream(true).redirectOutput(dir.resolve("create.log").toFile()).start();
        if (!creator.waitFor(60, TimeUnit.SECONDS) || creator.exitValue() != 0) {
            throw new IOException("redis-cli --cluster create failed; see " + dir.resolve("create.log"));
        }
        for (int port : ports) {
            awaitClusterOk(port);
        }
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return socket.getLocalPort() == port;
        } catch (IOException taken) {
            return false;
        }
    }

    private static void awaitListening(int port) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                probe.setSoTimeout(1000);
                return;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        throw new IOException("redis-server did not listen on port " + port + " within 10 s");
    }

    private void awaitClusterOk(int port) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Process info = new ProcessBuilder("redis-cli", "-p", Integer.toString(port), "CLUSTER", "INFO").start();
            String out = new String(info.getInputStream().readAllBytes());
            info.waitFor(10, TimeUnit.SECONDS);
            if (out.contains("cluster_state:ok")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IOException("cluster node " + port + " did not reach cluster_state:ok within 30 s");
    }

    @Override
    public void close() throws IOException {
        for (Process process : processes) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
