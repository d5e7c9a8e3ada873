package dev.ragstore.postgres.internal;

import dev.ragstore.core.error.InvalidInputException;

import javax.sql.DataSource;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.Objects;

/**
 * The two roles of a store (docs/security.md): the role that owns the schema (it migrates and
 * changes the schema) and the runtime role that runs every query. When they differ, the owner
 * grants the runtime role what it needs — rows of RagStore's tables, never the tables themselves,
 * the admin tokens or the migration history — so the runtime role can neither switch row-level
 * security off nor make itself admin. Each started store registers an admin token (random, 256
 * bits; only its SHA-256 is stored) through the owner, and removes it when it closes.
 */
public final class PgRoles {

    /** The table of registered admin tokens' hashes (V4). */
    public static final String TOKENS_TABLE = "ragstore_admin_tokens";

    private final DataSource owner;
    private final PgSchema schema;

    /** @param owner connections of the role that owns the schema (the runtime's own when it owns it) */
    public PgRoles(DataSource owner, PgSchema schema) {
        this.owner = Objects.requireNonNull(owner, "owner");
        this.schema = Objects.requireNonNull(schema, "schema");
    }

    /** The role of {@code dataSource}'s connections. */
    public static String roleOf(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT current_user")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /**
     * Grants {@code runtimeRole} the rows of every table of the schema (and of tables the owner
     * creates later), its sequences and functions, but not the admin tokens nor the migration
     * history. Idempotent; run at every start, so tables of extensions installed later are covered.
     */
    public void grantRuntime(String runtimeRole) throws SQLException {
        String role = quote(runtimeRole);
        String s = schema.name();
        try (Connection connection = owner.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("GRANT USAGE ON SCHEMA " + s + " TO " + role);
            statement.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA " + s + " TO " + role);
            statement.execute("REVOKE ALL ON " + s + "." + TOKENS_TABLE + ", " + s + "." + PgMigrations.HISTORY_TABLE
                    + " FROM " + role);
            statement.execute("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA " + s + " TO " + role);
            statement.execute("GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA " + s + " TO " + role);
            statement.execute("ALTER DEFAULT PRIVILEGES IN SCHEMA " + s + " GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "
                    + role);
            statement.execute("ALTER DEFAULT PRIVILEGES IN SCHEMA " + s + " GRANT USAGE, SELECT ON SEQUENCES TO " + role);
        }
    }

    /**
     * Registers a new admin token and returns it.
     *
     * @throws InvalidInputException when the role cannot register one (a runtime role that does
     *         not own the schema, without migration credentials), naming the setting that fixes it
     */
    public String registerToken() throws SQLException {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String token = "t:" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        try (Connection connection = owner.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO " + schema.table(TOKENS_TABLE)
                     + " (token_hash) VALUES (sha256(convert_to(?, 'UTF8')))")) {
            insert.setString(1, token);
            insert.executeUpdate();
        } catch (SQLException e) {
            if ("42501".equals(e.getSQLState())) {
                throw InvalidInputException.withoutValue("migrationCredentials", "must be given when the runtime role "
                        + "does not own schema '" + schema.name() + "': the store registers its admin token through the "
                        + "owner (" + e.getMessage() + ")");
            }
            throw e;
        }
        return token;
    }

    /** Removes a token registered by {@link #registerToken()}; failures are the caller's to log. */
    public void removeToken(String token) throws SQLException {
        try (Connection connection = owner.getConnection();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM " + schema.table(TOKENS_TABLE)
                     + " WHERE token_hash = sha256(convert_to(?, 'UTF8'))")) {
            delete.setString(1, token);
            delete.executeUpdate();
        }
    }

    /** A role name as a quoted identifier. */
    static String quote(String role) {
        return "\"" + role.replace("\"", "\"\"") + "\"";
    }
}
