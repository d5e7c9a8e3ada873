package dev.ragstore.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Collects the measurements of one run and renders them as Markdown. */
final class Report {

    private final BenchConfig config;
    private final Map<String, String> machine = new LinkedHashMap<>();
    private final List<String> ingest = new ArrayList<>();
    private final List<Measure.Latency> latencies = new ArrayList<>();
    private final List<Measure.Latency> filtered = new ArrayList<>();
    private final List<Measure.Throughput> throughputs = new ArrayList<>();
    private final Map<String, String> plans = new LinkedHashMap<>();

    Report(BenchConfig config) {
        this.config = config;
    }

    void machine(Connection connection) throws SQLException {
        machine.put("date", OffsetDateTime.now(ZoneOffset.UTC).withNano(0).toString());
        machine.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        machine.put("cpu", cpu());
        machine.put("memory", (Runtime.getRuntime().maxMemory() >> 20) + " MiB JVM heap");
        machine.put("java", System.getProperty("java.version"));
        try (Statement s = connection.createStatement()) {
            machine.put("postgresql", one(s, "SHOW server_version"));
            machine.put("pgvector", one(s, "SELECT extversion FROM pg_extension WHERE extname = 'vector'"));
            machine.put("shared_buffers", one(s, "SHOW shared_buffers"));
            machine.put("load average at start", load());
        }
    }

    void ingest(int rows, List<Double> copyMs, List<Double> insertMs, List<Double> ragMs) {
        double copy = rate(rows, Stats.min(copyMs));
        double insert = rate(rows, Stats.min(insertMs));
        double rag = rate(rows, Stats.min(ragMs));
        ingest.add(row("raw binary COPY (plain table: id, owner, text, jsonb, vector)", copy, rate(rows, Stats.median(copyMs)), 1));
        ingest.add(row("raw JDBC batched INSERT (1,000 a batch, vector as text)", insert,
                rate(rows, Stats.median(insertMs)), insert / copy));
        ingest.add(row("RagStore upsert (binary COPY to staging, INSERT ... SELECT under RLS, tsvector, b-tree and GIN "
                + "indexes)", rag, rate(rows, Stats.median(ragMs)), rag / copy));
    }

    void build(double rawMs, double ragMs) {
        ingest.add(String.format(Locale.ROOT, "| HNSW build (m=16, ef_construction=64, maintenance_work_mem=1GB): raw table | %.1f s | | |",
                rawMs / 1000));
        ingest.add(String.format(Locale.ROOT, "| HNSW build: RagStore space (chunk table + empty token table) | %.1f s | | %.2f× raw time |",
                ragMs / 1000, ragMs / rawMs));
    }

    void incremental(int rows, double rawMs, double ragMs) {
        ingest.add(row("into an indexed table: raw binary COPY, " + rows + " rows", rate(rows, rawMs), Double.NaN, 1));
        ingest.add(row("into an indexed space: RagStore upsert, " + rows + " rows", rate(rows, ragMs), Double.NaN,
                rawMs / ragMs));
    }

    void latency(Measure.Latency latency) {
        latencies.add(latency);
    }

    void filtered(Measure.Latency latency) {
        filtered.add(latency);
    }

    void throughput(Measure.Throughput throughput) {
        throughputs.add(throughput);
    }

    void plan(String name, String plan) {
        plans.put(name, plan);
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# RagStore pgvector benchmark\n\n");
        md.append("Produced by `dev.ragstore.bench.PgVectorBench` (see README.md). Ratios are against the raw-driver ")
                .append("limit measured in the same run on the same database.\n\n");
        md.append("| run | value |\n| --- | --- |\n");
        machine.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        md.append(String.format(Locale.ROOT, "| N | %,d rows |\n| d | %d |\n| queries | %d per repeat, %d warm-up |\n"
                        + "| repeats | %d (latency: median over repeats of each repeat's percentile; ingest: best of up to 3) |\n"
                        + "| threads | %d |\n| seed | %d |\n",
                config.rows(), config.dimension(), config.queries(), config.warmup(), config.repeats(), config.threads(),
                config.seed()));
        md.append("\n## Ingest (text + metadata), load then index\n\n| workload | rows/s (best) | rows/s (median) | ratio |\n")
                .append("| --- | --- | --- | --- |\n");
        ingest.forEach(line -> md.append(line).append('\n'));
        md.append("\n## Top-10 search, one thread\n\n");
        latencyTable(md, latencies);
        Measure.Latency rawLatency = latencies.isEmpty() ? null : latencies.get(0);
        if (latencies.size() >= 3) {
            md.append(String.format(Locale.ROOT, "\nRagStore VECTOR p50 / raw p50 = **%.2f×**; HYBRID p50 / VECTOR p50 = **%.2f×**.\n",
                    latencies.get(1).p50() / rawLatency.p50(), latencies.get(2).p50() / latencies.get(1).p50()));
        }
        md.append("\n## Throughput, ").append(config.threads()).append(" threads\n\n| contender | queries/s (median) | min | max |\n")
                .append("| --- | --- | --- | --- |\n");
        for (Measure.Throughput t : throughputs) {
            md.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.0f |\n", t.name(), t.median(), t.min(), t.max()));
        }
        if (throughputs.size() == 2) {
            md.append(String.format(Locale.ROOT, "\nRagStore / raw = **%.2f×**.\n", throughputs.get(1).median() / throughputs.get(0).median()));
        }
        md.append("\n## Filtered top-10 (owners holding 1% and 10% of the rows)\n\n");
        latencyTable(md, filtered);
        if (latencies.size() >= 2) {
            md.append(String.format(Locale.ROOT, "\nUnfiltered RagStore p50 for the ratios: %.3f ms.\n", latencies.get(1).p50()));
        }
        md.append("\n## Executed plans (EXPLAIN ANALYZE, costs and timings off)\n");
        plans.forEach((name, plan) -> md.append("\n### ").append(name).append("\n\n```\n").append(plan).append("```\n"));
        return md.toString();
    }

    private static void latencyTable(StringBuilder md, List<Measure.Latency> rows) {
        md.append("| contender | p50 ms | p50 ms (best repeat) | p95 ms | p99 ms | recall@10 | mean hits |\n")
                .append("| --- | --- | --- | --- | --- | --- | --- |\n");
        for (Measure.Latency l : rows) {
            md.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %.3f | %.3f | %.3f | %.1f |\n", l.name(), l.p50(),
                    l.p50Min(), l.p95(), l.p99(), l.recall(), l.meanCount()));
        }
    }

    private static String row(String name, double best, double median, double ratio) {
        return String.format(Locale.ROOT, "| %s | %,.0f | %s | %s |", name, best,
                Double.isNaN(median) ? "" : String.format(Locale.ROOT, "%,.0f", median),
                Double.isNaN(ratio) ? "" : String.format(Locale.ROOT, "%.2f× raw COPY", ratio));
    }

    private static double rate(int rows, double millis) {
        return rows / (millis / 1000);
    }

    private static String one(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : "?";
        }
    }

    private static String cpu() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("?");
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
