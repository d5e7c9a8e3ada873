package dev.ragstore.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The Markdown report of one run, written in the order the run measures: the machine and the run's
 * parameters first, then sections of tables and verdict lines.
 */
final class Report {

    private final Map<String, String> run = new LinkedHashMap<>();
    private final StringBuilder body = new StringBuilder();

    void machine(Connection connection) throws SQLException {
        run.put("date", OffsetDateTime.now(ZoneOffset.UTC).withNano(0).toString());
        run.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        run.put("cpu", cpu());
        run.put("memory", (Runtime.getRuntime().maxMemory() >> 20) + " MiB JVM heap");
        run.put("java", System.getProperty("java.version"));
        try (Statement s = connection.createStatement()) {
            run.put("postgresql", one(s, "SHOW server_version"));
            run.put("pgvector", one(s, "SELECT extversion FROM pg_extension WHERE extname = 'vector'"));
            run.put("shared_buffers", one(s, "SHOW shared_buffers"));
            run.put("load average at start", load());
        }
    }

    /** One line of the run table. */
    void run(String name, String value) {
        run.put(name, value);
    }

    void section(String title) {
        body.append("\n## ").append(title).append("\n\n");
    }

    void text(String text) {
        body.append(text).append("\n\n");
    }

    void table(String... headers) {
        body.append("| ").append(String.join(" | ", headers)).append(" |\n|");
        for (int i = 0; i < headers.length; i++) {
            body.append(" --- |");
        }
        body.append('\n');
    }

    void row(String... cells) {
        body.append("| ").append(String.join(" | ", cells)).append(" |\n");
    }

    void endTable() {
        body.append('\n');
    }

    /** A latency table's header. */
    void latencyTable() {
        table("contender", "p50 ms", "p50 ms (best repeat)", "p95 ms", "p99 ms", "recall@10", "mean hits");
    }

    void latency(Measure.Latency l) {
        row(l.name(), ms(l.p50()), ms(l.p50Min()), ms(l.p95()), ms(l.p99()), fmt("%.3f", l.recall()), fmt("%.1f", l.meanCount()));
    }

    void plan(String name, String plan) {
        body.append("### ").append(name).append("\n\n```\n").append(plan).append("```\n\n");
    }

    String markdown() {
        StringBuilder md = new StringBuilder("# RagStore pgvector benchmark\n\n");
        md.append("Produced by `dev.ragstore.bench.PgVectorBench` (see README.md). Every ratio compares two figures ")
                .append("measured in this one run on the same database.\n\n| run | value |\n| --- | --- |\n");
        run.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        return md.append(body).toString();
    }

    static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    static String ms(double millis) {
        return fmt("%.3f", millis);
    }

    static String rate(int rows, double millis) {
        return fmt("%,.0f", rows / (millis / 1000));
    }

    static String ratio(double value) {
        return fmt("%.2f×", value);
    }

    /** "met" or "missed" for a target. */
    static String verdict(boolean met) {
        return met ? "met" : "**missed**";
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
