package dev.ragstore.bench;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** The measuring loops: warm-up, then repeats; latencies per query, throughput per repeat. */
final class Measure {

    /** One search call of a contender. */
    @FunctionalInterface
    interface Search {
        List<UUID> run(float[] query, int index) throws Exception;
    }

    /** Makes a {@link Search} for one thread (raw searchers need a connection each). */
    @FunctionalInterface
    interface SearchFactory {
        Search open() throws Exception;
    }

    /**
     * The summary of a latency workload over all repeats: median (and min) over repeats of each
     * repeat's p50, median p95/p99, mean recall@k and mean result count.
     */
    record Latency(String name, double p50, double p50Min, double p95, double p99, double recall, double meanCount) {
    }

    /** Throughput: median and min-max queries per second over repeats. */
    record Throughput(String name, double median, double min, double max) {
    }

    /** Warm-up time of every workload: long enough for the JIT to compile each contender's whole path. */
    static final long WARMUP_NANOS = 10_000_000_000L;
    private static final int MAX_WARMUP_QUERIES = 20_000;

    private Measure() {
    }

    static Latency latency(String name, Search search, List<float[]> queries, List<Set<UUID>> truth, int warmup,
            int repeats) throws Exception {
        // at least `warmup` queries and at least WARMUP_NANOS of them (capped), so every contender's code
        // path is compiled before it is measured, whatever its speed
        long warmStart = System.nanoTime();
        for (int i = 0; i < MAX_WARMUP_QUERIES && (i < warmup || System.nanoTime() - warmStart < WARMUP_NANOS); i++) {
            search.run(queries.get(i % queries.size()), i % queries.size());
        }
        List<Double> p50 = new ArrayList<>();
        List<Double> p95 = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        double recall = 0;
        double count = 0;
        for (int r = 0; r < repeats; r++) {
            double[] latencies = new double[queries.size()];
            for (int q = 0; q < queries.size(); q++) {
                long start = System.nanoTime();
                List<UUID> ids = search.run(queries.get(q), q);
                latencies[q] = Stats.millisSince(start);
                count += ids.size();
                Set<UUID> expected = truth.get(q);
                long found = ids.stream().filter(expected::contains).count();
                recall += expected.isEmpty() ? 1 : found / (double) expected.size();
            }
            p50.add(Stats.percentile(latencies, 50));
            p95.add(Stats.percentile(latencies, 95));
            p99.add(Stats.percentile(latencies, 99));
        }
        int runs = repeats * queries.size();
        return new Latency(name, Stats.median(p50), Stats.min(p50), Stats.median(p95), Stats.median(p99), recall / runs,
                count / runs);
    }

    static Throughput throughput(String name, SearchFactory factory, List<float[]> queries, int threads, int repeats)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Search> searches = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                searches.add(factory.open());
            }
            List<Double> qps = new ArrayList<>();
            long warmStart = System.nanoTime();
            boolean warming = true;
            while (qps.size() < repeats) {
                long start = System.nanoTime();
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    Search search = searches.get(t);
                    int offset = t;
                    futures.add(pool.submit(() -> {
                        for (int q = 0; q < queries.size(); q++) {
                            int at = (q + offset * 7) % queries.size();
                            search.run(queries.get(at), at);
                        }
                        return null;
                    }));
                }
                for (Future<?> future : futures) {
                    future.get();
                }
                double seconds = Stats.millisSince(start) / 1000;
                if (warming) {
                    // rounds before WARMUP_NANOS have passed are the warm-up
                    warming = System.nanoTime() - warmStart < WARMUP_NANOS;
                } else {
                    qps.add(threads * queries.size() / seconds);
                }
            }
            for (Search search : searches) {
                if (search instanceof AutoCloseable closeable) {
                    closeable.close();
                }
            }
            return new Throughput(name, Stats.median(qps), Stats.min(qps), Stats.max(qps));
        } finally {
            pool.shutdownNow();
        }
    }

    /** The truth sets of {@code queries}: the exact top {@code k} among rows of {@code owner} (-1: all). */
    static List<Set<UUID>> truth(Dataset data, List<float[]> queries, int k, int owner) {
        List<Set<UUID>> truth = new ArrayList<>(queries.size());
        for (float[] query : queries) {
            Set<UUID> ids = new HashSet<>();
            for (int row : data.exactTop(query, k, owner)) {
                if (row >= 0) {
                    ids.add(data.ids[row]);
                }
            }
            truth.add(ids);
        }
        return truth;
    }
}
