package dev.ragstore.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.util.Map;

/**
 * The parameters of one run, from {@code --name value} arguments.
 *
 * @param rows      rows of each data set
 * @param dimension vector dimension
 * @param queries   queries per measured repeat
 * @param warmup    warm-up queries before measuring
 * @param repeats   measured repeats of every search workload
 * @param threads   threads of the throughput workload
 * @param seed      the seed of the synthetic data
 * @param ingestRepeats how often each load-then-index ingest is repeated (best and median reported)
 * @param efSearch  {@code hnsw.ef_search} of every contender's connections (the peers set none themselves)
 * @param textSearchConfig the text search configuration of RagStore's spaces (keyword half of hybrid)
 * @param realText  the real-text set (passages of /usr/share/doc embedded by all-MiniLM-L6-v2, d = 384)
 *                  instead of the synthetic one
 */
record BenchConfig(String jdbcUrl, String user, String password, int rows, int dimension, int queries, int warmup,
        int repeats, int threads, long seed, String output, int ingestRepeats, int efSearch, String textSearchConfig, boolean realText) {

    static BenchConfig parse(String[] args) {
        Map<String, String> values = new java.util.HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--real-text")) {
                values.put("real-text", "true");
                values.putIfAbsent("rows", Integer.toString(RealTextCorpus.DEFAULT_ROWS));
            } else if (args[i].equals("--smoke")) {
                values.putIfAbsent("rows", "10000");
                values.putIfAbsent("queries", "50");
                values.putIfAbsent("warmup", "20");
                values.putIfAbsent("repeats", "3");
            } else if (args[i].startsWith("--") && i + 1 < args.length) {
                values.put(args[i].substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; use --rows N --dimension D --queries Q --warmup W --repeats R --threads T --seed S "
                        + "--ingest-repeats N --ef-search N --text-search-config CFG --output FILE --url JDBC_URL, --real-text, --smoke");
            }
        }
        String url = values.getOrDefault("url", System.getenv().getOrDefault("RAGSTORE_PG_URL",
                "jdbc:postgresql://127.0.0.1:5432/ragstore?user=ragstore&password=ragstore"));
        return new BenchConfig(url, param(url, "user", "ragstore"), param(url, "password", "ragstore"),
                Integer.parseInt(values.getOrDefault("rows", "100000")),
                Integer.parseInt(values.getOrDefault("dimension", "384")),
                Integer.parseInt(values.getOrDefault("queries", "200")),
                Integer.parseInt(values.getOrDefault("warmup", "50")),
                Integer.parseInt(values.getOrDefault("repeats", "5")),
                Integer.parseInt(values.getOrDefault("threads", "4")),
                Long.parseLong(values.getOrDefault("seed", "20240501")),
                values.getOrDefault("output", "RESULTS.md"),
                Integer.parseInt(values.getOrDefault("ingest-repeats", "1")),
                Integer.parseInt(values.getOrDefault("ef-search", "40")),
                values.getOrDefault("text-search-config", "simple"),
                Boolean.parseBoolean(values.getOrDefault("real-text", "false")));
    }

    /** The statement that gives a connection this run's {@code hnsw.ef_search}. */
    String efSearchStatement() {
        return "SET hnsw.ef_search = " + efSearch;
    }

    /** A pool of {@code size} connections to this run's database, each starting with {@code initSql}. */
    HikariDataSource pool(String name, int size, String initSql) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(baseUrl());
        hikari.setUsername(user);
        hikari.setPassword(password);
        hikari.setMaximumPoolSize(size);
        hikari.setPoolName(name);
        hikari.setConnectionInitSql(initSql);
        return new HikariDataSource(hikari);
    }

    /** The URL without credentials. */
    String baseUrl() {
        int question = jdbcUrl.indexOf('?');
        return question < 0 ? jdbcUrl : jdbcUrl.substring(0, question);
    }

    private static String param(String url, String name, String fallback) {
        int question = url.indexOf('?');
        if (question < 0) {
            return fallback;
        }
        for (String part : url.substring(question + 1).split("&")) {
            if (part.startsWith(name + "=")) {
                return part.substring(name.length() + 1);
            }
        }
        return fallback;
    }
}
