package dev.ragstore.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.ragstore.core.error.RagStoreException;
import dev.ragstore.postgres.internal.PgErrorMapping;
import dev.ragstore.postgres.internal.PgExtensions;
import dev.ragstore.postgres.internal.PgJson;
import dev.ragstore.postgres.internal.PgMigrations;
import dev.ragstore.postgres.internal.PgPool;
import dev.ragstore.postgres.internal.PgRoles;
import dev.ragstore.postgres.internal.PgRows;
import dev.ragstore.postgres.internal.PgTransactions;
import dev.ragstore.postgres.spi.PgExtension;
import dev.ragstore.postgres.spi.PgErrors;
import dev.ragstore.postgres.spi.PgScope;
import dev.ragstore.postgres.spi.PgSql;
import dev.ragstore.core.error.StoreUnavailableException;
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

    /**
     * @param migrationDataSource connections of the role that owns the schema when it is not the
     *                            runtime role ({@code migrationCredentials}/{@code migrationDataSource}), else {@code null}
     */
    static PostgresStore start(PostgresSettings settings, DataSource hostDataSource, String password,
            DataSource migrationDataSource, List<PgExtension> extensions) {
        String configuredAddress = settings.hostDataSource() ? "the host's DataSource" : PgPool.address(settings.jdbcUrl());
        HikariDataSource ownPool = null;
        String registered = null;
        PgRoles registeredWith = null;
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
            String separateRuntimeRole = useOwnerConnections(dataSource, migrationDataSource, transactions);
            if (settings.migrateOnStart()) {
                for (PgExtension extension : extensions) {
                    // as the role that migrates: it is the one that must be able to create what the migrations create
                    transactions.schemaChange(session -> {
                        extension.beforeMigrate(session);
                        return null;
                    });
                }
                schemaVersion = PgMigrations.migrate(ownerConnections(settings, dataSource, password, migrationDataSource),
                        settings.schema(), extensions);
            }
            PgRoles roles = new PgRoles(ownerConnections(settings, dataSource, password, migrationDataSource), settings.schema());
            registeredWith = roles;
            registered = prepareRoles(roles, separateRuntimeRole, transactions, settings);
            String adminToken = registered;
            PgContext context = new PgContext(transactions, settings.schema(), rows, json,
                    new PgExtensions(extensions, transactions));
            PostgresStore store = new PostgresStore(settings, ownPool, context, schemaVersion, () -> {
                try {
                    roles.removeToken(adminToken);
                } catch (SQLException | RuntimeException e) {
                    LOG.debug("PostgresStore '{}': its admin token was not removed ({}); it is useless without the "
                            + "process that held it", settings.poolName(), e.toString());
                }
            });
            for (PgExtension extension : extensions) {
                extension.start(transactions);
            }
            LOG.info("PostgresStore '{}' started: PostgreSQL {} at {}, schema {} at version {}, row-level security {}{}, {}{}",
                    settings.poolName(), serverVersion, address, settings.schema().name(), schemaVersion,
                    settings.rowLevelSecurity() ? "on" : "off",
                    migrationDataSource != null ? " (runtime role separate from the schema's owner)" : "",
                    ownPool != null ? "pool of " + settings.maximumPoolSize() + " connections" : "host DataSource",
                    extensions.isEmpty() ? "" : ", extensions " + extensions.stream().map(PgExtension::name).toList());
            return store;
        } catch (RuntimeException | SQLException e) {
            if (registered != null) {
                try {
                    registeredWith.removeToken(registered);
                } catch (SQLException | RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
            }
            if (ownPool != null) {
                ownPool.close();
            }
            if (e instanceof RagStoreException known) {
                throw known;
            }
            throw new PgErrorMapping(configuredAddress, () -> "pool not started").translate(e);
        }
    }

    /** The connections migrations, grants and admin tokens use: the owner's when configured, else the runtime role's. */
    private static DataSource ownerConnections(PostgresSettings settings, DataSource runtime, String password,
            DataSource migrationDataSource) {
        if (migrationDataSource != null) {
            return migrationDataSource;
        }
        return settings.hostDataSource() ? runtime : PgPool.unpooled(settings.jdbcUrl(), settings.username(), password);
    }

    /**
     * With a separate owner role: schema changes (and the checks before migrations) run on its
     * connections. Returns the runtime role when it is not the owner, else {@code null}.
     */
    private static String useOwnerConnections(DataSource runtime, DataSource migrationDataSource, PgTransactions transactions)
            throws SQLException {
        if (migrationDataSource == null) {
            return null;
        }
        String runtimeRole = PgRoles.roleOf(runtime);
        if (runtimeRole.equals(PgRoles.roleOf(migrationDataSource))) {
            return null;
        }
        Jdbi owner = Jdbi.create(migrationDataSource);
        owner.installPlugin(new PostgresPlugin());
        owner.getConfig(StatementExceptions.class).setMessageRendering(PostgresStarter::withoutParameters);
        transactions.useOwnerConnections(owner);
        return runtimeRole;
    }

    /**
     * With a separate owner ({@code separateRuntimeRole} not {@code null}): grants the runtime role its rows. Always: rewrites any policy that
     * still admits {@code ragstore.admin = 'on'}, registers this store's admin token and checks
     * that the admin scope works with it. Returns the token.
     */
    private static String prepareRoles(PgRoles roles, String separateRuntimeRole, PgTransactions transactions,
            PostgresSettings settings) throws SQLException {
        if (separateRuntimeRole != null) {
            roles.grantRuntime(separateRuntimeRole);
        }
        int upgraded = roles.upgradePolicies();
        if (upgraded > 0) {
            LOG.info("PostgresStore '{}': {} row-level-security policies of schema {} still admitted ragstore.admin = 'on' "
                    + "and now ask ragstore_admin()", settings.poolName(), upgraded, settings.schema().name());
        }
        String token = roles.registerToken();
        transactions.useAdminToken(token);
        boolean admin = transactions.transaction(PgScope.admin(), session -> session.query(
                new PgSql().sql("SELECT " + settings.schema().name() + ".ragstore_admin()"), List.of(), rows -> {
                    rows.next();
                    return rows.getBoolean(1);
                }));
        if (!admin && settings.rowLevelSecurity()) {
            roles.removeToken(token);
            throw new StoreUnavailableException(PgErrors.STORE, false, "the admin token of PostgresStore '"
                    + settings.poolName() + "' is not accepted by " + settings.schema().name()
                    + ".ragstore_admin(): check that the owner's connections commit (auto-commit) and that the runtime "
                    + "role may execute the function", null);
        }
        return token;
    }
}
