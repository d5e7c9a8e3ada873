package dev.ragstore.pgvector.internal;

import dev.ragstore.core.error.StoreUnavailableException;
import dev.ragstore.postgres.internal.PgErrors;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Brings the pgvector part of a schema to the current version: the {@code vector} extension
 * (created once, here, never per connection; when this role may not create it, the error names
 * the statement a DBA must run) and the space registry. Spaces' own tables are created at run
 * time by {@link SpaceRegistry}, so there is no versioned script history: the registry is created
 * with {@code IF NOT EXISTS} and records a layout version per space. Stateless.
 */
public final class VectorMigrations {

    /** The registry script on the class path ({@code ${schema}} is its only placeholder). */
    public static final String SCRIPT = "db/ragstore-pgvector/spaces.sql";
    /** The one statement that creates the extension. */
    public static final String CREATE_EXTENSION = "CREATE EXTENSION IF NOT EXISTS vector WITH SCHEMA public";
    /** The registry of spaces. */
    public static final String SPACES_TABLE = "pgvector_spaces";
    /** The oldest pgvector with iterative index scans. */
    public static final String MIN_VERSION = "0.8.0";

    private static final String FIND_EXTENSION = "SELECT e.extversion, n.nspname FROM pg_extension e "
            + "JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'vector'";

    private VectorMigrations() {
    }

    /** Where the extension is: its version and schema. */
    public record Extension(String version, String schema) {
    }

    /**
     * Fails unless {@code vector} exists or can be created by the current role, with a message
     * giving the exact statement a DBA must run.
     */
    public static void requireCreatableExtension(Connection connection, String address) throws SQLException {
        if (find(connection) != null) {
            return;
        }
        String database;
        String role;
        boolean superuser;
        String available;
        try (PreparedStatement statement = connection.prepareStatement("SELECT current_database(), current_user, "
                + "(SELECT rolsuper FROM pg_roles WHERE rolname = current_user), "
                + "(SELECT default_version FROM pg_available_extensions WHERE name = 'vector')");
             ResultSet rs = statement.executeQuery()) {
            rs.next();
            database = rs.getString(1);
            role = rs.getString(2);
            superuser = rs.getBoolean(3);
            available = rs.getString(4);
        }
        if (available == null) {
            throw new StoreUnavailableException(PgErrors.STORE, false, "pgvector is not installed on the PostgreSQL server at "
                    + address + ": install pgvector " + MIN_VERSION + " or newer on the server, then run as a superuser "
                    + "in database \"" + database + "\": " + CREATE_EXTENSION + ";", null);
        }
        if (!superuser) {
            throw new StoreUnavailableException(PgErrors.STORE, false, "the pgvector extension does not exist in database \""
                    + database + "\" at " + address + " and role \"" + role + "\" may not create it (it needs a superuser); "
                    + "a DBA must run once, in database \"" + database + "\": " + CREATE_EXTENSION + ";",
                    null);
        }
    }

    /**
     * The extension, checked to be at least {@value #MIN_VERSION}.
     *
     * @throws StoreUnavailableException if it is missing or older, naming the statement that fixes it
     */
    public static Extension requireExtension(Connection connection, String address) throws SQLException {
        Extension extension = find(connection);
        if (extension == null) {
            throw new StoreUnavailableException(PgErrors.STORE, false, "the pgvector extension does not exist at " + address
                    + ": build with migrate(true) as a superuser, or have a DBA run " + CREATE_EXTENSION + ";",
                    null);
        }
        if (compareVersions(extension.version(), MIN_VERSION) < 0) {
            throw new StoreUnavailableException(PgErrors.STORE, false, "pgvector " + extension.version() + " at " + address
                    + " is older than " + MIN_VERSION + ", which iterative index scans need: install a newer pgvector "
                    + "on the server, then a DBA runs: ALTER EXTENSION vector UPDATE;", null);
        }
        return extension;
    }

    /**
     * Creates what the index needs in {@code schema}, idempotently and under an advisory lock: the
     * {@code vector} extension when it is missing (after {@link #requireCreatableExtension}), the
     * schema and the space registry ({@value #SCRIPT}).
     */
    public static void migrate(Connection connection, String schema, String address) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
            lock.setString(1, "ragstore.pgvector.migrate:" + schema);
            lock.execute();
        }
        try (Statement statement = connection.createStatement()) {
            if (find(connection) == null) {
                requireCreatableExtension(connection, address);
                statement.execute(CREATE_EXTENSION);
            }
            statement.execute("CREATE SCHEMA IF NOT EXISTS " + Identifiers.quote(schema));
            statement.execute(script().replace("${schema}", Identifiers.quote(schema)));
        }
    }

    /** Fails unless the space registry exists, for an index built without migration. */
    public static void requireMigrated(Connection connection, String schema) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            statement.setString(1, Identifiers.quote(schema) + "." + SPACES_TABLE);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    throw new StoreUnavailableException(PgErrors.STORE, false, "schema '" + schema + "' has no table "
                            + SPACES_TABLE + ": build the index with migrate(true), or apply " + SCRIPT
                            + " of ragstore-store-pgvector", null);
                }
            }
        }
    }

    private static String script() {
        try (InputStream in = VectorMigrations.class.getClassLoader().getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException(SCRIPT + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + SCRIPT, e);
        }
    }

    static int compareVersions(String a, String b) {
        String[] left = a.split("[.]");
        String[] right = b.split("[.]");
        for (int i = 0; i < Math.max(left.length, right.length); i++) {
            int l = i < left.length ? leadingNumber(left[i]) : 0;
            int r = i < right.length ? leadingNumber(right[i]) : 0;
            if (l != r) {
                return Integer.compare(l, r);
            }
        }
        return 0;
    }

    private static int leadingNumber(String part) {
        int end = 0;
        while (end < part.length() && Character.isDigit(part.charAt(end))) {
            end++;
        }
        return end == 0 ? 0 : Integer.parseInt(part.substring(0, end));
    }

    private static Extension find(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(FIND_EXTENSION);
             ResultSet rs = statement.executeQuery()) {
            return rs.next() ? new Extension(rs.getString(1), rs.getString(2)) : null;
        }
    }
}
