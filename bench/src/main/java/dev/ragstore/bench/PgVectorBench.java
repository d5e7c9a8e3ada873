package dev.ragstore.bench;

import dev.ragstore.core.search.IndexedChunk;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * RagStore's pgvector index against the raw-driver limits and two peers (LangChain4j
 * {@code PgVectorEmbeddingStore}, Spring AI {@code PgVectorStore}) on the same database in one
 * run: load-then-index ingest and ingest into an indexed table, HNSW build, single-thread latency
 * and recall@10, 4-thread throughput, filtered search at 1% and 10% owners, hybrid latency (with
 * and without row-level security on the space), and the executed plans. Writes a Markdown report.
 *
 * <p>Run: {@code mvn -q -f bench/pom.xml compile exec:java -Dexec.args="--smoke"} (see README.md).
 */
public final class PgVectorBench {

    private static final int K = 10;
    private static final int HYBRID_QUERY_WORDS = 8;

    private PgVectorBench() {
    }

    /** The rows, the rows added to indexed tables, and the queries of one run. */
    private record Workload(Dataset data, Dataset extra, List<float[]> queries, List<String> queryTexts, String description) {
    }

    public static void main(String[] args) throws Exception {
        BenchConfig config = BenchConfig.parse(args);
        String schema = "bench_" + Long.toString(System.currentTimeMillis(), 36);
        Report report = new Report();
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

    private static Workload workload(BenchConfig config) throws Exception {
        int extraRows = Math.max(100, config.rows() / 50);
        if (config.realText()) {
            log("loading the real-text set (%d rows)", config.rows());
            RealTextCorpus corpus = RealTextCorpus.load(RealTextCorpus.DEFAULT_ROOT, config.rows(), extraRows,
                    config.queries(), config.seed(), RealTextCorpus.defaultCacheDirectory());
            List<String> texts = corpus.queryTexts().stream().map(PgVectorBench::firstWords).toList();
            return new Workload(corpus.rows(), corpus.extra(), corpus.queryVectors(), texts,
                    "real text: " + corpus.summary().describe() + "; queries are held-out passages (hybrid: their first "
                            + HYBRID_QUERY_WORDS + " words)");
        }
        log("generating %d rows of dimension %d (seed %d)", config.rows(), config.dimension(), config.seed());
        Dataset data = new Dataset(config.rows(), config.dimension(), config.seed());
        Dataset extra = new Dataset(extraRows, config.dimension(), config.seed() + 17);
        List<float[]> queries = data.queries(config.queries(), config.seed() + 1);
        return new Workload(data, extra, queries, queries.stream().map(data::queryText).toList(),
                "synthetic: Gaussian mixture of " + Dataset.CLUSTERS + " centres, 60 words of text a row; queries near "
                        + "random centres (hybrid: two topic words of the nearest centre)");
    }

    private static void run(BenchConfig config, String schema, RawBaseline raw, Report report) throws Exception {
        Workload w = workload(config);
        Dataset data = w.data();
        Dataset extra = w.extra();
        int rows = data.ids.length;
        int extraRows = extra.ids.length;
        int dimension = data.dimension;
        report.run("data", w.description());
        report.run("N", String.format(Locale.ROOT, "%,d rows (+%,d added to the indexed tables)", rows, extraRows));
        report.run("d", Integer.toString(dimension));
        report.run("owners", String.format(Locale.ROOT, "filtered set: 1%% owner %,d rows, 10%% owner %,d rows, rest %,d",
                data.countOwner(Dataset.SMALL_OWNER), data.countOwner(Dataset.MID_OWNER), data.countOwner(Dataset.BIG_OWNER)));
        report.run("queries", config.queries() + " per repeat after a warm-up of at least " + config.warmup()
                + " queries and " + Measure.WARMUP_NANOS / 1_000_000_000L + " s per contender (throughput: 10 s of rounds), k = " + K);
        report.run("RagStore text search configuration", config.textSearchConfig());
        report.run("repeats", config.repeats() + " (latency: median over repeats of each repeat's percentile); ingest: "
                + config.ingestRepeats() + " load(s) per contender");
        report.run("threads", Integer.toString(config.threads()));
        report.run("seed", Long.toString(config.seed()));
        report.run("HNSW", "m = 16, ef_construction = 64, maintenance_work_mem = 1GB, ef_search " + config.efSearch()
                + " on every contender's connections");

        UUID single = UUID.randomUUID();
        UUID[] allOneOwner = {single, single, single};
        UUID[] split = {UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID()};
        UUID outsider = UUID.randomUUID();
        UUID[] allOutsider = {outsider, outsider, outsider};
        List<float[]> queries = w.queries();

        try (RagStoreContender rag = new RagStoreContender(config, schema, config.threads() + 2);
             LangChain4jContender lc4j = new LangChain4jContender(config, schema, "lc4j_split", dimension, 2);
             SpringAiContender spring = new SpringAiContender(config, schema, "spring_split", dimension, 2)) {
            // ---- ingest, load then index
            rag.createSpace("bench_all", dimension);
            rag.createSpace("bench_split", dimension);
            List<IndexedChunk> allChunks = RagStoreContender.chunks(data, allOneOwner, 0, rows);
            List<Double> copyMs = new ArrayList<>();
            List<Double> sameShapeMs = new ArrayList<>();
            List<Double> insertMs = new ArrayList<>();
            List<Double> ragMs = new ArrayList<>();
            for (int r = 0; r < config.ingestRepeats(); r++) {
                boolean last = r == config.ingestRepeats() - 1;
                raw.createTable("raw_copy", dimension);
                log("ingest %d: raw COPY", r + 1);
                copyMs.add(raw.copy("raw_copy", data, allOneOwner, 0, rows));
                log("ingest %d: raw COPY into a table shaped like the space's", r + 1);
                sameShapeMs.add(raw.copySameShape("vectors_bench_all", "raw_same_shape", data, allOneOwner, RagStoreContender.CREATED));
                raw.drop("raw_same_shape");
                raw.createTable("raw_insert", dimension);
                log("ingest %d: raw batched INSERT", r + 1);
                insertMs.add(raw.batchInsert("raw_insert", data, allOneOwner));
                raw.drop("raw_insert");
                raw.execute("TRUNCATE %s", "vectors_bench_all");
                log("ingest %d: RagStore upsert", r + 1);
                ragMs.add(rag.ingest("bench_all", allChunks));
                if (!last) {
                    raw.execute("TRUNCATE %s", "vectors_bench_all");
                    raw.drop("raw_copy");
                }
            }
            raw.drop("raw_copy");
            log("ingest: LangChain4j addAll (filtered set)");
            double lc4jMs = lc4j.ingest(data, split, 0, rows);
            log("ingest: Spring AI add (filtered set)");
            double springMs = spring.ingest(data, split, 0, rows);
            log("ingest: raw COPY and RagStore (filtered set)");
            raw.createTable("raw_split", dimension);
            raw.copy("raw_split", data, split, 0, rows);
            rag.ingest("bench_split", RagStoreContender.chunks(data, split, 0, rows));

            double copy = Stats.min(copyMs);
            double sameShape = Stats.min(sameShapeMs);
            double ragBest = Stats.min(ragMs);
            report.section("Ingest (text + metadata), load then index");
            report.table("workload", "rows/s (best)", "rows/s (median)", "vs raw COPY, plain table", "vs raw COPY, same table shape");
            report.row("raw binary COPY, plain table (id, owner, text, jsonb, vector)", Report.rate(rows, copy),
                    Report.rate(rows, Stats.median(copyMs)), "1.00×", "");
            report.row("raw binary COPY into a table shaped like a RagStore space (generated tsvector, GIN, b-trees)",
                    Report.rate(rows, sameShape), Report.rate(rows, Stats.median(sameShapeMs)), Report.ratio(copy / sameShape), "1.00×");
            report.row("raw JDBC batched INSERT (1,000 a batch, vector as text), plain table", Report.rate(rows, Stats.min(insertMs)),
                    Report.rate(rows, Stats.median(insertMs)), Report.ratio(copy / Stats.min(insertMs)), "");
            report.row("**RagStore** `upsert`, 1,000 a call (binary COPY to staging, INSERT ... SELECT under RLS)",
                    Report.rate(rows, ragBest), Report.rate(rows, Stats.median(ragMs)), Report.ratio(copy / ragBest),
                    Report.ratio(sameShape / ragBest));
            report.row("LangChain4j `addAll`, 1,000 a call", Report.rate(rows, lc4jMs), "", Report.ratio(copy / lc4jMs), "");
            report.row("Spring AI `add`, 1,000 a call", Report.rate(rows, springMs), "", Report.ratio(copy / springMs), "");
            report.endTable();
            report.text(Report.fmt("Target: RagStore ≥ 0.8× raw COPY. Against the plain table: %s (%s); against the same "
                    + "table shape: %s (%s).", Report.ratio(copy / ragBest), Report.verdict(copy / ragBest >= 0.8),
                    Report.ratio(sameShape / ragBest), Report.verdict(sameShape / ragBest >= 0.8)));

            log("HNSW builds");
            double rawBuild = raw.buildIndex("raw_split");
            double ragBuild = rag.buildIndex("bench_all");
            rag.buildIndex("bench_split");
            double lc4jBuild = lc4j.buildIndex();
            double springBuild = spring.buildIndex();
            raw.execute("VACUUM ANALYZE %s", "vectors_bench_all");
            raw.execute("VACUUM ANALYZE %s", "vectors_bench_split");
            report.section("HNSW build");
            report.table("table", "seconds", "vs raw");
            report.row("raw plain table", Report.fmt("%.1f", rawBuild / 1000), "1.00×");
            report.row("RagStore `buildAnnIndexes` (space table + empty multi-vector table)", Report.fmt("%.1f", ragBuild / 1000),
                    Report.ratio(ragBuild / rawBuild));
            report.row("LangChain4j table (same DDL; the library only indexes at creation)", Report.fmt("%.1f", lc4jBuild / 1000),
                    Report.ratio(lc4jBuild / rawBuild));
            report.row("Spring AI table (same DDL; the library only indexes at creation)", Report.fmt("%.1f", springBuild / 1000),
                    Report.ratio(springBuild / rawBuild));
            report.endTable();

            log("ingest into indexed tables: %d rows", extraRows);
            double rawIncremental = raw.copy("raw_split", extra, allOutsider, 0, extraRows);
            double ragIncremental = rag.ingest("bench_all", RagStoreContender.chunks(extra, allOneOwner, 0, extraRows));
            double lc4jIncremental = lc4j.ingest(extra, allOutsider, 0, extraRows);
            double springIncremental = spring.ingest(extra, allOutsider, 0, extraRows);
            for (String table : List.of("raw_split", "vectors_bench_all", "lc4j_split", "spring_split")) {
                raw.execute("VACUUM ANALYZE %s", table);
            }
            report.section("Ingest into an indexed table (" + extraRows + " more rows)");
            report.table("workload", "rows/s", "vs raw COPY");
            report.row("raw binary COPY", Report.rate(extraRows, rawIncremental), "1.00×");
            report.row("**RagStore** `upsert`", Report.rate(extraRows, ragIncremental), Report.ratio(rawIncremental / ragIncremental));
            report.row("LangChain4j `addAll`", Report.rate(extraRows, lc4jIncremental), Report.ratio(rawIncremental / lc4jIncremental));
            report.row("Spring AI `add`", Report.rate(extraRows, springIncremental), Report.ratio(rawIncremental / springIncremental));
            report.endTable();

            // ---- search: every unfiltered table holds data + extra
            Dataset union = Dataset.concat(data, extra);
            log("ground truth by brute force");
            List<Set<UUID>> truthAll = Measure.truth(union, queries, K, -1);
            List<Set<UUID>> truthSmall = Measure.truth(data, queries, K, Dataset.SMALL_OWNER);
            List<Set<UUID>> truthMid = Measure.truth(data, queries, K, Dataset.MID_OWNER);
            log("single-thread latency");
            try (RawBaseline.Searcher plain = raw.searcher("raw_split", false, false);
                 RawBaseline.Searcher naive = raw.searcher("raw_split", true, false);
                 RawBaseline.Searcher iterative = raw.searcher("raw_split", true, true)) {
                Measure.Latency rawLatency = measure("raw JDBC `ORDER BY embedding <=> ? LIMIT 10` (the floor)",
                        (q, i) -> plain.search(q, K, null), queries, truthAll, config);
                Measure.Latency ragLatency = measure("**RagStore** VECTOR (one owner owns every row)",
                        (q, i) -> rag.search("bench_all", q, K, single), queries, truthAll, config);
                Measure.Latency lc4jLatency = measure("LangChain4j `search`", (q, i) -> lc4j.search(q, K, null), queries,
                        truthAll, config);
                Measure.Latency springLatency = measure("Spring AI `similaritySearch`", (q, i) -> spring.search(q, K, null),
                        queries, truthAll, config);
                Measure.Latency hybrid = measure("**RagStore** HYBRID, space under row-level security (default)",
                        (q, i) -> rag.hybrid("bench_all", w.queryTexts().get(i), q, K, single), queries, truthAll, config);
                raw.execute("ALTER TABLE %s DISABLE ROW LEVEL SECURITY", "vectors_bench_all");
                Measure.Latency hybridOpen = measure("**RagStore** HYBRID, space without row-level security",
                        (q, i) -> rag.hybrid("bench_all", w.queryTexts().get(i), q, K, single), queries, truthAll, config);
                String hybridPlan = rag.explainHybrid("bench_all", w.queryTexts().get(0), queries.get(0), K, single);
                raw.execute("ALTER TABLE %s ENABLE ROW LEVEL SECURITY", "vectors_bench_all");
                report.section("Top-10 search, one thread");
                report.latencyTable();
                for (Measure.Latency l : List.of(rawLatency, ragLatency, lc4jLatency, springLatency, hybrid, hybridOpen)) {
                    report.latency(l);
                }
                report.endTable();
                double ratio = ragLatency.p50() / rawLatency.p50();
                report.text(Report.fmt("Target: RagStore VECTOR p50 ≤ 1.2× raw with recall@10 ≥ 0.95: %s, recall %.3f (%s). "
                                + "Peers: LangChain4j %s, Spring AI %s of raw.", Report.ratio(ratio), ragLatency.recall(),
                        Report.verdict(ratio <= 1.2 && ragLatency.recall() >= 0.95),
                        Report.ratio(lc4jLatency.p50() / rawLatency.p50()), Report.ratio(springLatency.p50() / rawLatency.p50())));
                report.text(Report.fmt("Target: HYBRID p50 ≤ 2× VECTOR p50: under row-level security %s (%s); without "
                                + "row-level security on the space %s (%s). Hybrid recall is against the vector truth, "
                                + "so below 1 by design.", Report.ratio(hybrid.p50() / ragLatency.p50()),
                        Report.verdict(hybrid.p50() / ragLatency.p50() <= 2), Report.ratio(hybridOpen.p50() / ragLatency.p50()),
                        Report.verdict(hybridOpen.p50() / ragLatency.p50() <= 2)));

                report.section("Filtered top-10 (owners of 1% and 10% of the rows)");
                report.latencyTable();
                List<String> verdicts = new ArrayList<>();
                for (int owner : new int[] {Dataset.SMALL_OWNER, Dataset.MID_OWNER}) {
                    List<Set<UUID>> truth = owner == Dataset.SMALL_OWNER ? truthSmall : truthMid;
                    String share = owner == Dataset.SMALL_OWNER ? "1%" : "10%";
                    UUID id = split[owner];
                    report.latency(measure("raw naive `metadata->>'user_id' = ?`, " + share + " owner",
                            (q, i) -> naive.search(q, K, id), queries, truth, config));
                    report.latency(measure("raw naive filter + `hnsw.iterative_scan`, " + share + " owner",
                            (q, i) -> iterative.search(q, K, id), queries, truth, config));
                    report.latency(measure("LangChain4j metadata filter, " + share + " owner",
                            (q, i) -> lc4j.search(q, K, id), queries, truth, config));
                    report.latency(measure("Spring AI filter expression, " + share + " owner",
                            (q, i) -> spring.search(q, K, id), queries, truth, config));
                    Measure.Latency ours = measure("**RagStore** VECTOR, " + share + " owner",
                            (q, i) -> rag.search("bench_split", q, K, id), queries, truth, config);
                    report.latency(ours);
                    double vsUnfiltered = ours.p50() / ragLatency.p50();
                    verdicts.add(Report.fmt("%s owner: recall %.3f, %.1f hits, p50 %s of unfiltered (%s)", share, ours.recall(),
                            ours.meanCount(), Report.ratio(vsUnfiltered),
                            Report.verdict(ours.recall() >= 0.95 && ours.meanCount() >= K - 0.001 && vsUnfiltered <= 2)));
                }
                report.endTable();
                report.text("Target: filtered recall@10 ≥ 0.95 with k hits and p50 ≤ 2× unfiltered RagStore p50. "
                        + String.join("; ", verdicts) + ".");

                report.section("Executed plans (EXPLAIN ANALYZE, costs and timings off)");
                report.plan("RagStore VECTOR, 1% owner", rag.explain("bench_split", queries.get(0), K, split[Dataset.SMALL_OWNER]));
                report.plan("RagStore VECTOR, 10% owner", rag.explain("bench_split", queries.get(0), K, split[Dataset.MID_OWNER]));
                report.plan("RagStore VECTOR, one owner owns every row", rag.explain("bench_all", queries.get(0), K, single));
                report.plan("RagStore HYBRID, space without row-level security", hybridPlan);
                report.plan("raw naive JSON filter, 1% owner", raw.explain("raw_split", true, false, queries.get(0), K,
                        split[Dataset.SMALL_OWNER]));
                report.plan("LangChain4j, 1% owner", lc4j.explain(queries.get(0), K, split[Dataset.SMALL_OWNER]));
                report.plan("Spring AI, 1% owner", spring.explain(queries.get(0), K, split[Dataset.SMALL_OWNER]));
            }
            log("throughput with %d threads", config.threads());
            Measure.Throughput rawThroughput = Measure.throughput("raw JDBC", () -> {
                RawBaseline.Searcher searcher = raw.searcher("raw_split", false, false);
                return new ClosingSearch((q, i) -> searcher.search(q, K, null), searcher);
            }, queries, config.threads(), config.repeats());
            Measure.Throughput ragThroughput = Measure.throughput("**RagStore** VECTOR",
                    () -> (q, i) -> rag.search("bench_all", q, K, single), queries, config.threads(), config.repeats());
            report.section("Throughput, " + config.threads() + " threads");
            report.table("contender", "queries/s (median)", "min", "max");
            for (Measure.Throughput t : List.of(rawThroughput, ragThroughput)) {
                report.row(t.name(), Report.fmt("%.0f", t.median()), Report.fmt("%.0f", t.min()), Report.fmt("%.0f", t.max()));
            }
            report.endTable();
            double share = ragThroughput.median() / rawThroughput.median();
            report.text(Report.fmt("Target: RagStore ≥ 0.9× raw: %s (%s).", Report.ratio(share), Report.verdict(share >= 0.9)));
        }
    }

    private static Measure.Latency measure(String name, Measure.Search search, List<float[]> queries, List<Set<UUID>> truth,
            BenchConfig config) throws Exception {
        log("  %s", name);
        return Measure.latency(name, search, queries, truth, config.warmup(), config.repeats());
    }

    private static String firstWords(String text) {
        return Arrays.stream(text.trim().split("\\s+")).limit(HYBRID_QUERY_WORDS).collect(Collectors.joining(" "));
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
