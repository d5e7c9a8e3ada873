package dev.ragstore.examples;

import dev.ragstore.postgres.PostgresStore;
import dev.ragstore.postgres.spi.PgExtension;
import dev.ragstore.redis.RedisStore;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the example applications find their servers: the environment variables
 * {@code scripts/setup-services.sh} prints ({@code RAGSTORE_PG_URL} for the schema owner,
 * {@code RAGSTORE_PG_APP_USER}/{@code RAGSTORE_PG_APP_PASSWORD} for the runtime role,
 * {@code RAGSTORE_REDIS_URL}, {@code RAGSTORE_MILVUS_URI}), with the script's defaults.
 *
 * <p>Each example owns one PostgreSQL schema and one Redis key prefix, named after it, and
 * starts from an empty schema so it can run again.
 *
 * @param ownerUrl    JDBC URL of the schema owner, without credentials
 * @param ownerUser   the role that owns and migrates the schema
 * @param ownerPassword its password
 * @param appUser     the runtime role the store's pool connects as (row-level security applies to it)
 * @param appPassword its password
 * @param redisUri    e.g. {@code redis://127.0.0.1:6379}
 * @param milvusUri   e.g. {@code http://127.0.0.1:19530}
 */
public record ExampleServices(String ownerUrl, String ownerUser, String ownerPassword, String appUser,
        String appPassword, String redisUri, String milvusUri) {

    /** The servers named by the environment, else the setup script's defaults. */
    public static ExampleServices fromEnvironment() {
        String url = env("RAGSTORE_PG_URL", "jdbc:postgresql://127.0.0.1:5432/ragstore?user=ragstore&password=ragstore");
        Map<String, String> params = queryParameters(url);
        String base = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
        return new ExampleServices(base, params.getOrDefault("user", "ragstore"),
                params.getOrDefault("password", "ragstore"),
                env("RAGSTORE_PG_APP_USER", "ragstore_app"), env("RAGSTORE_PG_APP_PASSWORD", "ragstore_app"),
                env("RAGSTORE_REDIS_URL", "redis://127.0.0.1:6379"), env("RAGSTORE_MILVUS_URI", "http://127.0.0.1:19530"));
    }

    /**
     * A started PostgreSQL store on an emptied {@code schema}: the runtime role serves requests,
     * the owner migrates (the two-role wiring docs/security.md recommends).
     */
    public PostgresStore postgres(String schema, PgExtension... extensions) {
        dropSchema(schema);
        PostgresStore.Builder builder = PostgresStore.builder()
                .jdbcUrl(ownerUrl).username(appUser).password(appPassword)
                .migrationCredentials(ownerUser, ownerPassword)
                .schema(schema).maximumPoolSize(4).poolName(schema);
        for (PgExtension extension : extensions) {
            builder.install(extension);
        }
        return builder.build();
    }

    /** A Redis store whose keys all start with {@code prefix}. */
    public RedisStore redis(String prefix) {
        return RedisStore.builder().uri(redisUri).keyPrefix(prefix).build();
    }

    /** Drops {@code schema} and everything in it, so an example starts from nothing. */
    public void dropSchema(String schema) {
        try (Connection connection = DriverManager.getConnection(ownerUrl, ownerUser, ownerPassword);
             Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS \"" + schema.replace("\"", "") + "\" CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reset schema " + schema + " at " + ownerUrl
                    + " (did scripts/setup-services.sh run?)", e);
        }
    }

    /**
     * Runs SQL as the schema's owner, e.g. the DDL of a host application's own tables beside
     * RagStore's (the runtime role may not create tables).
     */
    public void ownerSql(String... statements) {
        try (Connection connection = DriverManager.getConnection(ownerUrl, ownerUser, ownerPassword);
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("SQL as " + ownerUser + " failed: " + e.getMessage(), e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static Map<String, String> queryParameters(String url) {
        Map<String, String> params = new LinkedHashMap<>();
        int question = url.indexOf('?');
        if (question < 0) {
            return params;
        }
        for (String pair : url.substring(question + 1).split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                params.put(pair.substring(0, equals), pair.substring(equals + 1));
            }
        }
        return params;
    }

    @Override
    public String toString() {
        return "ExampleServices[postgres=" + ownerUrl + ", redis=" + redisUri + ", milvus=" + milvusUri + "]";
    }
}
