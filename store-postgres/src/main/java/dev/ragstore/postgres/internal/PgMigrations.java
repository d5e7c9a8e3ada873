package dev.ragstore.postgres.internal;

import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.error.StoreUnavailableException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;

import dev.ragstore.postgres.spi.PgExtension;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Brings a schema to the current version with Flyway, or checks that someone else did. The SQL
 * lives in {@value #LOCATION} as plain files ({@code ${schema}} is the only placeholder), and the
 * history in {@code <schema>.}{@value #HISTORY_TABLE}, so RagStore never collides with a host's
 * own Flyway history. Installed extensions' migrations run in the same Flyway run (one history,
 * one lock). They may run out of order (an extension installed on a store whose schema is already
 * newer), and migrations of an extension a store was built without are not an error: a tool that
 * builds the store alone on a schema pgvector also uses still starts.
 */
public final class PgMigrations {

    /** Where the migration scripts are on the class path. */
    public static final String LOCATION = "classpath:db/ragstore";
    /** The name of RagStore's Flyway history table inside the configured schema. */
    public static final String HISTORY_TABLE = "ragstore_schema_history";
    /** Tables whose presence shows a migrated schema. */
    private static final String[] REQUIRED = {"users", "plans", "documents", "chunks", "messages", "usage_days",
            "usage_idempotency_keys", PgRoles.TOKENS_TABLE};

    private PgMigrations() {
    }

    /**
     * Migrates {@code schema} (creating it when missing) and returns the version it is at.
     *
     * @throws StoreUnavailableException if a migration fails (not retryable: the cause says why)
     */
    public static String migrate(DataSource dataSource, PgSchema schema, List<PgExtension> extensions) {
        List<String> locations = new ArrayList<>();
        locations.add(LOCATION);
        for (PgExtension extension : extensions) {
            extension.migrationLocation().ifPresent(locations::add);
        }
        try {
            MigrateResult result = Flyway.configure(PgMigrations.class.getClassLoader())
                    .dataSource(dataSource)
                    .schemas(schema.name())
                    .defaultSchema(schema.name())
                    .createSchemas(true)
                    .table(HISTORY_TABLE)
                    .locations(locations.toArray(String[]::new))
                    .outOfOrder(true)
                    .ignoreMigrationPatterns("*:missing", "*:future")
                    .failOnMissingLocations(true)
                    .placeholders(Map.of("schema", schema.name()))
                    .load()
                    .migrate();
            return result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
        } catch (FlywayException e) {
            throw new StoreUnavailableException(PgErrorMapping.STORE, false,
                    "migrating schema '" + schema.name() + "' failed: " + e.getMessage(), e);
        }
    }

    /**
     * Checks that {@code schema} holds RagStore's tables, for stores built without migration.
     *
     * @throws InvalidInputException naming the setting to change when the tables are missing
     */
    public static void requireMigrated(Connection connection, PgSchema schema, List<PgExtension> extensions)
            throws SQLException {
        List<String> required = new ArrayList<>(List.of(REQUIRED));
        for (PgExtension extension : extensions) {
            required.addAll(extension.requiredTables());
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            for (String table : required) {
                statement.setString(1, schema.table(table));
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        throw InvalidInputException.of("schema", "must hold RagStore's tables (table " + table
                                + " is missing): set migrateOnStart(true) or apply the SQL files under db/ragstore/", schema.name());
                    }
                }
            }
        }
    }
}
