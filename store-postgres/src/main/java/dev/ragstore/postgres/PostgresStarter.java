package dev.ragstore.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.ragstore.core.error.RagStoreException;
import dev.ragstore.postgres.internal.PgErrorMapping;
import dev.ragstore.postgres.internal.PgExtensions;
import dev.ragstore.postgres.internal.PgJson;
import dev.ragstore.postgres.internal.PgMigrations;
import dev.ragstore.postgres.internal.PgPool;
import dev.ragstore.postgres.internal.PgRows;
import dev.ragstore.postgres.internal.PgTransactions;
import dev.ragstore.postgres.spi.PgExtension;
import dev.ragstore.postgres.spi.PgScope;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementException;
import org.jdbi.v3.core.statement.StatementExceptions;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.List;

/** Starts a {@link PostgresStore}: pool, connectivity check, migration, wiring. */
final class PostgresStarter {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresStore.class);

    private PostgresStarter() {
    }

    private static String withoutParameters(StatementException e) {
        String sql = e.getStatementContext() == null ? null : e.getStatementContext().getRawSql();
        if (sql == null) {
            return e.getShortMessage();
        }
        return e.getShortMessage() + " [statement: " + (sql.length() <= 300 ? sql : sql.substring(0, 300) + "…") + "]";
    }

    static PostgresStore start(PostgresSettings settings, DataSource hostDataSource, String password,
            List<PgExtension> extensions) {
        String configuredAddress = settings.hostDataSource() ? "the host's DataSource" : PgPool.address(settings.jdbcUrl());
        HikariDataSource ownPool = null;
        try {
            if (!settings.hostDataSource()) {
                ownPool = PgPool.create(settings.jdbcUrl(), settings.username(), password, settings.maximumPoolSize(),
                        settings.poolName());
            }
            DataSource dataSource = ownPool != null ? ownPool : hostDataSource;
            String address;
            String serverVersion;
            try (Connection connection = dataSource.getConnection()) {
                DatabaseMetaData meta = connection.getMetaData();
                address = PgPool.address(meta.getURL());
                serverVersion = meta.getDatabaseProductVersion();
                if (!settings.migrateOnStart()) {
                    PgMigrations.requireMigrated(connection, settings.schema(), extensions);
                }
            }
            Jdbi jdbi = Jdbi.create(dataSource);
            jdbi.installPlugin(new PostgresPlugin());
            // exception messages show the statement but never its bound values (password hashes, sealed keys)
            jdbi.getConfig(StatementExceptions.class).setMessageRendering(PostgresStarter::withoutParameters);
            PgErrorMapping errors = new PgErrorMapping(address, PgPool.state(dataSource));
            PgJson json = new PgJson();
            PgRows rows = new PgRows(json);
            PgTransactions transactions = new PgTransactions(jdbi, settings.schema(), rows, errors, settings.rowLevelSecurity());
            String schemaVersion = "unknown";
            if (settings.migrateOnStart()) {
                for (PgExtension extension : extensions) {
                    transactions.transaction(PgScope.admin(), session -> {
                        extension.beforeMigrate(session);
                        return null;
                    });
                }
                DataSource migrations = ownPool != null
                        ? PgPool.unpooled(settings.jdbcUrl(), settings.username(), password)
                        : dataSource;
                schemaVersion = PgMigrations.migrate(migrations, settings.schema(), extensions);
            }
            PgContext context = new PgContext(transactions, settings.schema(), rows, json,
                    new PgExtensions(extensions, transactions));
            PostgresStore store = new PostgresStore(settings, ownPool, context, schemaVersion);
            for (PgExtension extension : extensions) {
                extension.start(transactions);
            }
            LOG.info("PostgresStore '{}' started: PostgreSQL {} at {}, schema {} at version {}, row-level security {}, {}{}",
                    settings.poolName(), serverVersion, address, settings.schema().name(), schemaVersion,
                    settings.rowLevelSecurity() ? "on" : "off",
                    ownPool != null ? "pool of " + settings.maximumPoolSize() + " connections" : "host DataSource",
                    extensions.isEmpty() ? "" : ", extensions " + extensions.stream().map(PgExtension::name).toList());
            return store;
        } catch (RuntimeException | SQLException e) {
            if (ownPool != null) {
                ownPool.close();
            }
            if (e instanceof RagStoreException known) {
                throw known;
            }
            throw new PgErrorMapping(configuredAddress, () -> "pool not started").translate(e);
        }
    }
}
