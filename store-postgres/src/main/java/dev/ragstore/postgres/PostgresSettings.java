package dev.ragstore.postgres;

import dev.ragstore.postgres.internal.PgPool;
import dev.ragstore.postgres.internal.PgSchema;

/**
 * The validated configuration of a {@link PostgresStore}. Holds no password (only whether one was
 * given), so it can be logged as is.
 *
 * @param jdbcUrl        the URL of the store's own pool, or {@code null} with a host DataSource
 * @param username       may be {@code null} (credentials in the URL or the DataSource)
 * @param hostDataSource whether connections come from the host's DataSource
 */
record PostgresSettings(String jdbcUrl, String username, boolean hasPassword, boolean hostDataSource, PgSchema schema,
        int maximumPoolSize, boolean rowLevelSecurity, boolean migrateOnStart, String poolName) {

    static final String DEFAULT_SCHEMA = "ragstore";
    static final int DEFAULT_POOL_SIZE = 10;
    static final int MAX_POOL_SIZE = 1_000;
    static final String DEFAULT_POOL_NAME = "ragstore";

    @Override
    public String toString() {
        String connection = hostDataSource
                ? "dataSource=host"
                : "jdbcUrl=" + PgPool.mask(jdbcUrl) + ", username=" + username + ", password=" + (hasPassword ? "***" : "unset")
                        + ", maximumPoolSize=" + maximumPoolSize + ", poolName=" + poolName;
        return connection + ", schema=" + schema.name() + ", rowLevelSecurity=" + rowLevelSecurity
                + ", migrateOnStart=" + migrateOnStart;
    }
}
