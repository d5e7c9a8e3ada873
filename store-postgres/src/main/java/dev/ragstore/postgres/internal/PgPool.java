package dev.ragstore.postgres.internal;

import dev.ragstore.core.internal.UriMasking;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The HikariCP pool a store builds from a JDBC URL, and descriptions of any pool for messages and logs. */
public final class PgPool {

    private static final Pattern HOSTS = Pattern.compile("^jdbc:postgresql://([^/?]*)");
    private PgPool() {
    }

    /** A started pool; fails fast (HikariCP's initialization check) when no connection can be made. */
    public static HikariDataSource create(String jdbcUrl, String username, String password, int maximumPoolSize,
            String poolName) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        if (username != null) {
            config.setUsername(username);
        }
        if (password != null) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(maximumPoolSize);
        // connections are opened on demand up to the maximum, so idle stores hold few of the server's slots
        config.setMinimumIdle(Math.min(2, maximumPoolSize));
        config.setPoolName(poolName);
        config.addDataSourceProperty("ApplicationName", poolName);
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        return new HikariDataSource(config);
    }

    /**
     * A data source without a pool, for the migration: Flyway holds two connections at once, which
     * a pool of one could not give it.
     */
    public static DataSource unpooled(String jdbcUrl, String username, String password) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(jdbcUrl);
        if (username != null) {
            dataSource.setUser(username);
        }
        if (password != null) {
            dataSource.setPassword(password);
        }
        return dataSource;
    }

    /** {@code host:port} (or a comma-separated list) of a {@code jdbc:postgresql://} URL; port 5432 when absent. */
    public static String address(String jdbcUrl) {
        Matcher matcher = HOSTS.matcher(jdbcUrl == null ? "" : jdbcUrl);
        if (!matcher.find() || matcher.group(1).isEmpty()) {
            return "localhost:5432";
        }
        StringBuilder address = new StringBuilder();
        for (String host : matcher.group(1).split(",")) {
            if (address.length() > 0) {
                address.append(',');
            }
            address.append(host.contains(":") && !host.endsWith("]") ? host : host + ":5432");
        }
        return address.toString();
    }

    /** {@code url} with its credentials (user information, {@code password=} and other secret parameters) as {@code ***}. */
    public static String mask(String url) {
        return UriMasking.mask(url);
    }

    /** A one-line snapshot of the pool for failure messages, e.g. {@code pool 'ragstore': total=10, active=10, idle=0, waiting=7}. */
    public static Supplier<String> state(DataSource dataSource) {
        if (!(dataSource instanceof HikariDataSource hikari)) {
            return () -> "pool of the host's " + dataSource.getClass().getSimpleName();
        }
        return () -> {
            HikariPoolMXBean pool = hikari.getHikariPoolMXBean();
            if (pool == null) {
                return "pool '" + hikari.getPoolName() + "': " + (hikari.isClosed() ? "closed" : "not started");
            }
            return "pool '" + hikari.getPoolName() + "': total=" + pool.getTotalConnections() + ", active="
                    + pool.getActiveConnections() + ", idle=" + pool.getIdleConnections() + ", waiting="
                    + pool.getThreadsAwaitingConnection();
        };
    }
}
