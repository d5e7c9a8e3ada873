package dev.ragstore.milvus;

import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.internal.UriMasking;
import dev.ragstore.milvus.internal.MilvusConnection;
import dev.ragstore.milvus.internal.MilvusSettings;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Configures a {@link MilvusVectorIndex}. Each setter rejects an impossible value at once with an
 * {@link InvalidInputException} naming the setting, the rule and the value (secrets are never
 * echoed); {@link #build()} checks the combination and connects. Not thread-safe; one builder may
 * build several indexes.
 *
 * <pre>{@code
 * MilvusVectorIndex index = MilvusVectorIndex.builder()
 *         .uri("http://127.0.0.1:19530")
 *         .collectionPrefix("ragstore_")
 *         .build();
 * }</pre>
 */
public final class MilvusVectorIndexBuilder {

    /** The default collection prefix. */
    public static final String DEFAULT_PREFIX = "ragstore_";
    /** The default connect timeout and RPC deadline. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** The rule collection prefixes follow (Milvus collection names: letters, digits, underscores). */
    public static final String PREFIX_RULE = "[A-Za-z_][A-Za-z0-9_]{0,63}";
    /** The rule database names follow. */
    public static final String DATABASE_RULE = "[A-Za-z_][A-Za-z0-9_]{0,254}";
    /** The largest upsert request, in bytes (Milvus's message limit is 256 MiB). */
    public static final long MAX_BATCH_BYTES = 128L * 1024 * 1024;

    private static final Pattern PREFIX = Pattern.compile(PREFIX_RULE);
    private static final Pattern DATABASE = Pattern.compile(DATABASE_RULE);
    private static final Duration MIN_TIMEOUT = Duration.ofMillis(100);
    private static final Duration MAX_TIMEOUT = Duration.ofHours(1);

    private String uri;
    private String token;
    private String username;
    private String password;
    private String database = "default";
    private String collectionPrefix = DEFAULT_PREFIX;
    private MilvusConsistency consistency = MilvusConsistency.STRONG;
    private Duration connectTimeout = DEFAULT_TIMEOUT;
    private Duration rpcDeadline = DEFAULT_TIMEOUT;
    private boolean autoIndex;
    private int hnswM = 16;
    private int hnswEfConstruction = 200;
    private int searchEf = 64;
    private int batchRows = 500;
    private long batchBytes = 32L * 1024 * 1024;
    private int maxAttempts = 3;
    private Duration retryBackoff = Duration.ofMillis(200);

    MilvusVectorIndexBuilder() {
    }

    /**
     * The server: {@code http://host:port} (Milvus standalone or cluster, Milvus Lite) or
     * {@code https://host:port} (TLS, e.g. a managed cloud endpoint). Required.
     *
     * @throws InvalidInputException unless an http or https URI with a host and no path
     */
    public MilvusVectorIndexBuilder uri(String uri) {
        Objects.requireNonNull(uri, "uri");
        String rule = "must be http://host:port or https://host:port (no path, query or credentials)";
        try {
            URI parsed = new URI(uri);
            boolean ok = ("http".equals(parsed.getScheme()) || "https".equals(parsed.getScheme()))
                    && parsed.getHost() != null && parsed.getUserInfo() == null && parsed.getQuery() == null
                    && parsed.getFragment() == null && (parsed.getPath() == null || parsed.getPath().isEmpty()
                    || parsed.getPath().equals("/"));
            if (!ok) {
                throw InvalidInputException.of("uri", rule, UriMasking.mask(uri));
            }
        } catch (URISyntaxException e) {
            throw InvalidInputException.of("uri", rule, UriMasking.mask(uri));
        }
        this.uri = uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
        return this;
    }

    /**
     * An API key or {@code user:password} token (managed cloud, or a server with authentication);
     * never logged or shown. Mutually exclusive with {@link #credentials}.
     */
    public MilvusVectorIndexBuilder token(String token) {
        Objects.requireNonNull(token, "token");
        if (token.isBlank()) {
            throw InvalidInputException.withoutValue("token", "must not be blank");
        }
        this.token = token;
        return this;
    }

    /** A user and password (never logged or shown); mutually exclusive with {@link #token}. */
    public MilvusVectorIndexBuilder credentials(String username, String password) {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (username.isBlank()) {
            throw InvalidInputException.withoutValue("username", "must not be blank");
        }
        this.username = username;
        this.password = password;
        return this;
    }

    /**
     * The database (default {@code default}); it must exist.
     *
     * @throws InvalidInputException unless it matches {@value #DATABASE_RULE}
     */
    public MilvusVectorIndexBuilder database(String database) {
        Objects.requireNonNull(database, "database");
        if (!DATABASE.matcher(database).matches()) {
            throw InvalidInputException.of("database", "must match " + DATABASE_RULE, database);
        }
        this.database = database;
        return this;
    }

    /**
     * The start of every collection name (default {@value #DEFAULT_PREFIX}); the collection of a
     * space is this prefix followed by the space name. {@code deleteOwner} touches only collections
     * with this prefix.
     *
     * @throws InvalidInputException unless it matches {@value #PREFIX_RULE}
     */
    public MilvusVectorIndexBuilder collectionPrefix(String collectionPrefix) {
        Objects.requireNonNull(collectionPrefix, "collectionPrefix");
        if (!PREFIX.matcher(collectionPrefix).matches()) {
            throw InvalidInputException.of("collectionPrefix", "must match " + PREFIX_RULE, collectionPrefix);
        }
        this.collectionPrefix = collectionPrefix;
        return this;
    }

    /** The consistency level of searches and queries (default {@link MilvusConsistency#STRONG}). */
    public MilvusVectorIndexBuilder consistency(MilvusConsistency consistency) {
        this.consistency = Objects.requireNonNull(consistency, "consistency");
        return this;
    }

    /**
     * How long {@link #build()} waits for the connection (default 10 s).
     *
     * @throws InvalidInputException unless between 100 ms and 1 hour
     */
    public MilvusVectorIndexBuilder connectTimeout(Duration connectTimeout) {
        this.connectTimeout = timeout("connectTimeout", connectTimeout);
        return this;
    }

    /**
     * How long one call to Milvus may take before it fails as retryable (default 10 s). There is
     * always a deadline: without one, a call to a server that died waits forever.
     *
     * @throws InvalidInputException unless between 100 ms and 1 hour
     */
    public MilvusVectorIndexBuilder rpcDeadline(Duration rpcDeadline) {
        this.rpcDeadline = timeout("rpcDeadline", rpcDeadline);
        return this;
    }

    /**
     * Index new collections with HNSW (the default, with M 16 and efConstruction 200). Existing
     * collections keep their index.
     *
     * @throws InvalidInputException unless M is 2 to 2,048 and efConstruction 1 to 65,535
     */
    public MilvusVectorIndexBuilder hnsw(int m, int efConstruction) {
        if (m < 2 || m > 2_048) {
            throw InvalidInputException.of("hnsw M", "must be between 2 and 2048", m);
        }
        if (efConstruction < 1 || efConstruction > 65_535) {
            throw InvalidInputException.of("hnsw efConstruction", "must be between 1 and 65535", efConstruction);
        }
        this.autoIndex = false;
        this.hnswM = m;
        this.hnswEfConstruction = efConstruction;
        return this;
    }

    /** Index new collections with Milvus's AUTOINDEX instead of HNSW. */
    public MilvusVectorIndexBuilder autoIndex() {
        this.autoIndex = true;
        return this;
    }

    /**
     * The HNSW search breadth {@code ef} (default 64; raised to the number of hits asked for).
     *
     * @throws InvalidInputException unless 1 to 32,768
     */
    public MilvusVectorIndexBuilder searchEf(int searchEf) {
        if (searchEf < 1 || searchEf > 32_768) {
            throw InvalidInputException.of("searchEf", "must be between 1 and 32768", searchEf);
        }
        this.searchEf = searchEf;
        return this;
    }

    /**
     * The most rows and bytes of one upsert request (defaults 500 rows and 32 MiB). A single
     * larger row is sent alone.
     *
     * @throws InvalidInputException unless 1 to 10,000 rows and 64 KiB to 128 MiB
     */
    public MilvusVectorIndexBuilder batchSize(int rows, long bytes) {
        if (rows < 1 || rows > 10_000) {
            throw InvalidInputException.of("batchSize rows", "must be between 1 and 10000", rows);
        }
        if (bytes < 64 * 1024 || bytes > MAX_BATCH_BYTES) {
            throw InvalidInputException.of("batchSize bytes", "must be between 65536 and " + MAX_BATCH_BYTES
                    + " (Milvus accepts at most 256 MiB per message)", bytes);
        }
        this.batchRows = rows;
        this.batchBytes = bytes;
        return this;
    }

    /**
     * How often a call failing retryably (server unreachable, deadline, rate limit) is tried in all
     * (default 3), and the first pause between tries (default 200 ms, doubling up to 5 s).
     *
     * @throws InvalidInputException unless 1 to 10 attempts and a backoff of 1 ms to 60 s
     */
    public MilvusVectorIndexBuilder retries(int maxAttempts, Duration backoff) {
        Objects.requireNonNull(backoff, "backoff");
        if (maxAttempts < 1 || maxAttempts > 10) {
            throw InvalidInputException.of("retries maxAttempts", "must be between 1 and 10", maxAttempts);
        }
        if (backoff.toMillis() < 1 || backoff.compareTo(Duration.ofSeconds(60)) > 0) {
            throw InvalidInputException.of("retries backoff", "must be between 1 ms and 60 s", backoff);
        }
        this.maxAttempts = maxAttempts;
        this.retryBackoff = backoff;
        return this;
    }

    /**
     * Connects and returns the index.
     *
     * @throws InvalidInputException naming the setting when {@code uri} is missing, both a token and
     *         credentials are set, or the database does not exist
     * @throws dev.ragstore.core.error.StoreUnavailableException if Milvus cannot be reached within the
     *         connect timeout (retryable) or refuses the credentials
     */
    public MilvusVectorIndex build() {
        return new MilvusVectorIndex(MilvusConnection.open(settings()));
    }

    /** The configuration so far, with credentials masked. */
    @Override
    public String toString() {
        return "MilvusVectorIndexBuilder[" + unchecked() + "]";
    }

    MilvusSettings settings() {
        if (uri == null) {
            throw InvalidInputException.withoutValue("uri", "must be set, e.g. uri(\"http://127.0.0.1:19530\")");
        }
        if (token != null && username != null) {
            throw InvalidInputException.withoutValue("token", "must not be set together with credentials(): set one of them");
        }
        return unchecked();
    }

    private MilvusSettings unchecked() {
        return new MilvusSettings(uri, token, username, password, database, collectionPrefix, consistency.name(),
                connectTimeout, rpcDeadline, autoIndex, hnswM, hnswEfConstruction, searchEf, batchRows, batchBytes,
                maxAttempts, retryBackoff);
    }

    private static Duration timeout(String setting, Duration value) {
        Objects.requireNonNull(value, setting);
        if (value.compareTo(MIN_TIMEOUT) < 0 || value.compareTo(MAX_TIMEOUT) > 0) {
            throw InvalidInputException.of(setting, "must be between 100 ms and 1 hour", value);
        }
        return value;
    }
}
