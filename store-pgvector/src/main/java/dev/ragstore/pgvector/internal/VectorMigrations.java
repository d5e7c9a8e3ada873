package dev.ragstore.pgvector.internal;

import dev.ragstore.core.error.StoreUnavailableException;
import dev.ragstore.postgres.spi.PgErrors;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The checks around pgvector's migrations (the SQL is in {@value #LOCATION}, run by the store's
 * Flyway): that the {@code vector} extension exists or can be created by this role (when it may
 * not, the error names the statement a DBA must run), and that it is recent enough. Spaces' own
 * tables are created at run time by {@link SpaceRegistry}; the registry records a layout version
 * per space. Stateless.
 */
public final class VectorMigrations {

    /** The Flyway location of pgvector's migrations. */
    public static final String LOCATION = "classpath:db/ragstore-pgvector";
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
    public static void requireCreatableExtension(Connection connection) throws SQLException {
        if (find(connection) != null) {
            return;
        }
        String address;
        String database;
        String role;
        boolean superuser;
        String available;
        try (PreparedStatement statement = connection.prepareStatement("SELECT current_database(), current_user, "
                + "(SELECT rolsuper FROM pg_roles WHERE rolname = current_user), "
                + "(SELECT default_version FROM pg_available_extensions WHERE name = 'vector'), "
                + "coalesce(host(inet_server_addr()), 'a local socket') || ':' || current_setting('port')");
             ResultSet rs = statement.executeQuery()) {
            rs.next();
            database = rs.getString(1);
            role = rs.getString(2);
            superuser = rs.getBoolean(3);
            available = rs.getString(4);
            address = rs.getString(5);
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
                    + ": build the PostgresStore with migrateOnStart(true) as a superuser, or have a DBA run "
                    + CREATE_EXTENSION + ";",
                    null);
        }
        if (compareVersions(extension.version(), MIN_VERSION) < 0) {
            throw new StoreUnavailableException(PgErrors.STORE, false, "pgvector " + extension.version() + " at " + address
                    + " is older than " + MIN_VERSION + ", which iterative index scans need: install a newer pgvector "
                    + "on the server, then a DBA runs: ALTER EXTENSION vector UPDATE;", null);
        }
        return extension;
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
