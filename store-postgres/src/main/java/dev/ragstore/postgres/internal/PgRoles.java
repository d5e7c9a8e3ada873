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

    /** The admin predicate of the policies before V4, as PostgreSQL 15 deparses it. */
    private static final String OLD_ADMIN = "(current_setting('ragstore.admin'::text, true) = 'on'::text)";

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
        // one transaction: other sessions never see the moment between the grant on all tables and
        // the revoke of the tokens and the history (GRANT and REVOKE are transactional)
        inTransaction(statement -> {
            statement.execute("GRANT USAGE ON SCHEMA " + s + " TO " + role);
            statement.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA " + s + " TO " + role);
            statement.execute("REVOKE ALL ON " + s + "." + TOKENS_TABLE + ", " + s + "." + PgMigrations.HISTORY_TABLE
                    + " FROM " + role);
            statement.execute("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA " + s + " TO " + role);
            statement.execute("GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA " + s + " TO " + role);
            statement.execute("ALTER DEFAULT PRIVILEGES IN SCHEMA " + s + " GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "
                    + role);
            statement.execute("ALTER DEFAULT PRIVILEGES IN SCHEMA " + s + " GRANT USAGE, SELECT ON SEQUENCES TO " + role);
        });
    }

    /**
     * Rewrites every policy of the schema that still admits a session by {@code ragstore.admin =
     * 'on'} (made by a migration applied out of order after V4, or by an older RagStore creating a
     * pgvector space) to ask {@code ragstore_admin()}, as V4 did once. Run at every start.
     *
     * @return how many policies were rewritten
     */
    public int upgradePolicies() throws SQLException {
        int[] rewritten = {0};
        inTransaction(statement -> {
            java.util.List<String[]> policies = new java.util.ArrayList<>();
            try (ResultSet rs = statement.executeQuery("SELECT tablename, policyname, qual FROM pg_policies WHERE schemaname = '"
                    + schema.name() + "' AND position('" + OLD_ADMIN.replace("'", "''") + "' IN qual) > 0")) {
                while (rs.next()) {
                    policies.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
                }
            }
            for (String[] policy : policies) {
                statement.execute("ALTER POLICY " + quote(policy[1]) + " ON " + schema.name() + "." + quote(policy[0])
                        + " USING (" + policy[2].replace(OLD_ADMIN, "(SELECT " + schema.name() + ".ragstore_admin())") + ")");
                rewritten[0]++;
            }
        });
        return rewritten[0];
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
        try (Connection connection = owner.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + schema.table(TOKENS_TABLE)
                    + " (token_hash) VALUES (sha256(convert_to(?, 'UTF8')))")) {
                insert.setString(1, token);
                insert.executeUpdate();
                if (!autoCommit) {
                    connection.commit();
                }
            }
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
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
        }
    }

    /** Runs {@code work} in one transaction on an owner connection, whatever its auto-commit setting. */
    private void inTransaction(StatementWork work) throws SQLException {
        try (Connection connection = owner.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                work.run(statement);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        }
    }

    @FunctionalInterface
    private interface StatementWork {
        void run(Statement statement) throws SQLException;
    }

    /** A role name as a quoted identifier. */
    static String quote(String role) {
        return "\"" + role.replace("\"", "\"\"") + "\"";
    }
}
