package dev.ragstore.bench;

import dev.ragstore.core.search.IndexedChunk;


import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * RagStore's pgvector index against the raw-driver limits on the same database in one run:
 * ingest (binary COPY, batched INSERT, RagStore upsert), HNSW build, single-thread latency and
 * recall@10, 4-thread throughput, filtered search at 1% and 10% owners (against the naive JSON
 * filter both peers use), hybrid latency, and the executed plans. Writes a Markdown report.
 *
 * <p>Run: {@code mvn -q -f bench/pom.xml compile exec:java -Dexec.args="--smoke"} (see README.md).
 */
public final class PgVectorBench {

    private static final int K = 10;

    private PgVectorBench() {
    }

    public static void main(String[] args) throws Exception {
        BenchConfig config = BenchConfig.parse(args);
        String schema = "bench_" + Long.toString(System.currentTimeMillis(), 36);
        Report report = new Report(config);
        RawBaseline raw = new RawBaseline(config, schema);
        try (Connection c = raw.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
            report.machine(c);
        }
        try {
            run(config, schema, raw, report);
        } finally {
            try (Connection c = raw.connect(); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
        String markdown = report.markdown();
        Files.writeString(Path.of(config.output()), markdown, StandardCharsets.UTF_8);
        System.out.println(markdown);
    }

    private static void run(BenchConfig config, String schema, RawBaseline raw, Report report) throws Exception {
        log("generating %d rows of dimension %d (seed %d)", config.rows(), config.dimension(), config.seed());
        Dataset data = new Dataset(config.rows(), config.dimension(), config.seed());
        int extraRows = Math.max(100, config.rows() / 50);
        Dataset extra = new Dataset(extraRows, config.dimension(), config.seed() + 17);
        UUID single = UUID.randomUUID();
        UUID[] allOneOwner = {single, single, single};
        UUID[] split = {UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID()};

        try (RagStoreContender rag = new RagStoreContender(config, schema, config.threads() + 2)) {
            // ---- ingest, load then index
            rag.createSpace("bench_all", config.dimension());
            rag.createSpace("bench_split", config.dimension());
            List<IndexedChunk> allChunks = RagStoreContender.chunks(data, allOneOwner, 0, config.rows());
            List<Double> copyMs = new ArrayList<>();
            List<Double> insertMs = new ArrayList<>();
            List<Double> ragMs = new ArrayList<>();
            int ingestRepeats = Math.max(1, Math.min(3, config.repeats()));
            for (int r = 0; r < ingestRepeats; r++) {
                boolean last = r == ingestRepeats - 1;
                raw.createTable("raw_all", config.dimension());
                log("ingest repeat %d: raw COPY", r + 1);
                copyMs.add(raw.copy("raw_all", data, allOneOwner, 0, config.rows()));
                raw.createTable("raw_insert", config.dimension());
                log("ingest repeat %d: raw batched INSERT", r + 1);
                insertMs.add(raw.batchInsert("raw_insert", data, allOneOwner));
                raw.createTable("raw_insert", config.dimension());
                truncate(raw, schema, "vectors_bench_all");
                log("ingest repeat %d: RagStore upsert", r + 1);
                ragMs.add(rag.ingest("bench_all", allChunks));
                if (!last) {
                    truncate(raw, schema, "vectors_bench_all");
                }
            }
            report.ingest(config.rows(), copyMs, insertMs, ragMs);

            log("HNSW builds");
            double rawBuild = raw.buildIndex("raw_all");
            double ragBuild = rag.buildIndex("bench_all");
            vacuum(raw, schema, "vectors_bench_all");
            report.build(rawBuild, ragBuild);

            log("ingest into indexed tables: %d rows", extraRows);
            double rawIncremental = raw.copy("raw_all", extra, allOneOwner, 0, extraRows);
            double ragIncremental = rag.ingest("bench_all", RagStoreContender.chunks(extra, allOneOwner, 0, extraRows));
            report.incremental(extraRows, rawIncremental, ragIncremental);
            vacuum(raw, schema, "raw_all");
            vacuum(raw, schema, "vectors_bench_all");

            // the filtered data set: the same rows owned by a 1%, a 10% and an 89% owner
            log("loading the filtered data set");
            raw.createTable("raw_split", config.dimension());
            raw.copy("raw_split", data, split, 0, config.rows());
            raw.buildIndex("raw_split");
            rag.ingest("bench_split", RagStoreContender.chunks(data, split, 0, config.rows()));
            rag.buildIndex("bench_split");
            vacuum(raw, schema, "vectors_bench_split");

            // ---- search
            List<float[]> queries = data.queries(config.queries(), config.seed() + 1);
            // the extra rows joined the "all" tables: the truth covers both sets
            Dataset union = union(data, extra);
            List<Set<UUID>> truthAll = Measure.truth(union, queries, K, -1);
            List<Set<UUID>> truthSmall = Measure.truth(data, queries, K, Dataset.SMALL_OWNER);
            List<Set<UUID>> truthMid = Measure.truth(data, queries, K, Dataset.MID_OWNER);
            log("single-thread latency");
            try (RawBaseline.Searcher plain = raw.searcher("raw_all", false, false);
                 RawBaseline.Searcher naive = raw.searcher("raw_split", true, false);
                 RawBaseline.Searcher iterative = raw.searcher("raw_split", true, true)) {
                report.latency(Measure.latency("raw JDBC ORDER BY <=> LIMIT 10 (unfiltered)",
                        (q, i) -> plain.search(q, K, null), queries, truthAll, config.warmup(), config.repeats()));
                report.latency(Measure.latency("RagStore VECTOR (one owner owns every row)",
                        (q, i) -> rag.search("bench_all", q, K, single), queries, truthAll, config.warmup(), config.repeats()));
                report.latency(Measure.latency("RagStore HYBRID (RRF of vector and keyword, one statement)",
                        (q, i) -> rag.hybrid("bench_all", data.queryText(q), q, K, single), queries, truthAll,
                        config.warmup(), config.repeats()));
                for (int owner : new int[] {Dataset.SMALL_OWNER, Dataset.MID_OWNER}) {
                    List<Set<UUID>> truth = owner == Dataset.SMALL_OWNER ? truthSmall : truthMid;
                    String share = owner == Dataset.SMALL_OWNER ? "1%" : "10%";
                    UUID id = split[owner];
                    report.filtered(Measure.latency("raw naive metadata->>'user_id' filter, " + share + " owner",
                            (q, i) -> naive.search(q, K, id), queries, truth, config.warmup(), config.repeats()));
                    report.filtered(Measure.latency("raw naive filter + hnsw.iterative_scan, " + share + " owner",
                            (q, i) -> iterative.search(q, K, id), queries, truth, config.warmup(), config.repeats()));
                    report.filtered(Measure.latency("RagStore VECTOR, " + share + " owner",
                            (q, i) -> rag.search("bench_split", q, K, id), queries, truth, config.warmup(), config.repeats()));
                }
                report.plan("RagStore, 1% owner", rag.explain("bench_split", queries.get(0), K, split[Dataset.SMALL_OWNER]));
                report.plan("RagStore, 10% owner", rag.explain("bench_split", queries.get(0), K, split[Dataset.MID_OWNER]));
                report.plan("RagStore, one owner owns every row", rag.explain("bench_all", queries.get(0), K, single));
                report.plan("raw naive JSON filter, 1% owner", raw.explain("raw_split", true, false, queries.get(0), K,
                        split[Dataset.SMALL_OWNER]));
            }
            log("throughput with %d threads", config.threads());
            report.throughput(Measure.throughput("raw JDBC", () -> {
                RawBaseline.Searcher searcher = raw.searcher("raw_all", false, false);
                return new ClosingSearch((q, i) -> searcher.search(q, K, null), searcher);
            }, queries, config.threads(), config.repeats()));
            report.throughput(Measure.throughput("RagStore VECTOR", () -> (q, i) -> rag.search("bench_all", q, K, single),
                    queries, config.threads(), config.repeats()));
        }
    }

    private static Dataset union(Dataset data, Dataset extra) {
        return Dataset.concat(data, extra);
    }

    private static void truncate(RawBaseline raw, String schema, String table) throws SQLException {
        try (Connection c = raw.connect(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE " + schema + "." + table);
        }
    }

    private static void vacuum(RawBaseline raw, String schema, String table) throws SQLException {
        try (Connection c = raw.connect(); Statement s = c.createStatement()) {
            s.execute("VACUUM ANALYZE " + schema + "." + table);
        }
    }

    static void log(String format, Object... args) {
        System.err.println(Instant.now() + " " + String.format(Locale.ROOT, format, args));
    }

    /** A search that closes its raw searcher after the throughput run. */
    private record ClosingSearch(Measure.Search search, AutoCloseable resource) implements Measure.Search, AutoCloseable {

        @Override
        public List<UUID> run(float[] query, int index) throws Exception {
            return search.run(query, index);
        }

        @Override
        public void close() throws Exception {
            resource.close();
        }
    }

}
