package dev.ragstore.postgres;

import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.page.PageRequest;
import dev.ragstore.core.user.UserId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 18, finding 7: with the runtime role separate from the schema's owner, SQL run as the
 * runtime role can neither switch row-level security off nor make itself admin by setting
 * {@code ragstore.admin}; the store itself still works, admin scope included. The schema's owner (a
 * DBA) keeps its own way in.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoRolesIT {

    @RegisterExtension
    static final PgSchemaExtension PG = new PgSchemaExtension("tworoles");

    private static final String APP_USER = System.getenv().getOrDefault("RAGSTORE_PG_APP_USER", "ragstore_app");
    private static final String APP_PASSWORD = System.getenv().getOrDefault("RAGSTORE_PG_APP_PASSWORD", "ragstore_app");

    private PostgresStore store;
    private UserId alice;
    private UserId bob;

    @BeforeAll
    void aStoreWhoseRuntimeRoleOwnsNothing() {
        store = PostgresStore.builder().jdbcUrl(PG.fixture().jdbcUrl()).username(APP_USER).password(APP_PASSWORD)
                .migrationCredentials(PG.fixture().user(), PG.fixture().password())
                .schema(PG.schema()).maximumPoolSize(2).poolName("two-roles").build();
        PgFixtures fixtures = new PgFixtures(store);
        alice = fixtures.user();
        bob = fixtures.user();
        fixtures.knowledgeBase(alice);
        fixtures.knowledgeBase(bob);
    }

    @AfterAll
    void close() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void theStoreWorksThroughTheRuntimeRoleWithItsAdminScope() throws SQLException {
        assertThat(store.users().list(PageRequest.first(100)).items()).extracting(u -> u.id()).contains(alice, bob);
        assertThat(store.knowledgeBases().list(alice, PageRequest.first(10), false).items()).extracting(KnowledgeBase::ownerId)
                .containsOnly(alice);
        try (Connection app = connect(APP_USER, APP_PASSWORD); Statement s = app.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_user, (SELECT tableowner FROM pg_tables WHERE schemaname = '"
                     + PG.schema() + "' AND tablename = 'chunks')")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo(APP_USER);
            assertThat(rs.getString(2)).isEqualTo(PG.fixture().user());
        }
    }

    @Test
    void aOneRoundTripReadInTheAdminScopePresentsTheToken() {
        long users = store.host().read(dev.ragstore.postgres.spi.PgScope.admin(), session -> session.query(
                new dev.ragstore.postgres.spi.PgSql().sql("SELECT count(*) FROM " + session.table("users")),
                java.util.List.of(), rows -> {
                    rows.next();
                    return rows.getLong(1);
                }));

        assertThat(users).isGreaterThanOrEqualTo(2);
    }

    @Test
    void ownerConnectionsThatDoNotAutoCommitStillRegisterTheTokenAndTheGrants() {
        com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
        config.setJdbcUrl(PG.fixture().jdbcUrl());
        config.setUsername(PG.fixture().user());
        config.setPassword(PG.fixture().password());
        config.setAutoCommit(false);
        config.setMaximumPoolSize(2);
        try (com.zaxxer.hikari.HikariDataSource owner = new com.zaxxer.hikari.HikariDataSource(config);
             PostgresStore other = PostgresStore.builder().jdbcUrl(PG.fixture().jdbcUrl()).username(APP_USER)
                     .password(APP_PASSWORD).migrationDataSource(owner).schema(PG.schema()).maximumPoolSize(1)
                     .poolName("two-roles-no-autocommit").build()) {
            assertThat(other.users().list(PageRequest.first(100)).items()).extracting(u -> u.id()).contains(alice, bob);
        }
    }

    @Test
    void aPolicyThatStillAdmitsTheOnSettingIsRewrittenAtStart() throws SQLException {
        try (Connection owner = connect(PG.fixture().user(), PG.fixture().password()); Statement s = owner.createStatement()) {
            s.execute("CREATE TABLE " + PG.schema() + ".legacy_rows (owner_id uuid NOT NULL)");
            s.execute("ALTER TABLE " + PG.schema() + ".legacy_rows ENABLE ROW LEVEL SECURITY");
            s.execute("CREATE POLICY legacy_rows_owner ON " + PG.schema() + ".legacy_rows USING (owner_id = "
                    + "nullif(current_setting('ragstore.owner', true), '')::uuid OR current_setting('ragstore.admin', true) = 'on')");
        }
        try (PostgresStore restarted = PostgresStore.builder().jdbcUrl(PG.fixture().jdbcUrl()).username(APP_USER)
                .password(APP_PASSWORD).migrationCredentials(PG.fixture().user(), PG.fixture().password())
                .schema(PG.schema()).maximumPoolSize(1).poolName("two-roles-restart").build();
             Connection owner = connect(PG.fixture().user(), PG.fixture().password()); Statement s = owner.createStatement()) {
            assertThat(count(s, "SELECT count(*) FROM pg_policies WHERE schemaname = '" + PG.schema()
                    + "' AND tablename = 'legacy_rows' AND qual LIKE '%ragstore_admin()%'")).isEqualTo(1);
        }
    }

    @Test
    void theRuntimeRoleCannotSwitchRowLevelSecurityOff() throws SQLException {
        try (Connection app = connect(APP_USER, APP_PASSWORD); Statement s = app.createStatement()) {
            assertThatThrownBy(() -> s.execute("ALTER TABLE " + PG.schema() + ".knowledge_bases NO FORCE ROW LEVEL SECURITY"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("must be owner");
        }
    }

    @Test
    void settingTheAdminVariableDoesNotMakeTheRuntimeRoleAdmin() throws SQLException {
        try (Connection app = connect(APP_USER, APP_PASSWORD); Statement s = app.createStatement()) {
            s.execute("SET ragstore.admin = 'on'");
            assertThat(count(s, "SELECT count(*) FROM " + PG.schema() + ".knowledge_bases")).isZero();
            assertThat(count(s, "SELECT count(*) FROM " + PG.schema() + ".users")).isZero();
            s.execute("SET ragstore.admin = 't:guessed-token'");
            assertThat(count(s, "SELECT count(*) FROM " + PG.schema() + ".knowledge_bases")).isZero();
            assertThatThrownBy(() -> s.executeQuery("SELECT * FROM " + PG.schema() + ".ragstore_admin_tokens"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> s.execute("INSERT INTO " + PG.schema() + ".ragstore_admin_tokens (token_hash) "
                    + "VALUES (sha256(convert_to('t:mine', 'UTF8')))"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
        }
    }

    @Test
    void everyPolicyAsksTheAdminFunctionInsteadOfTheSetting() throws SQLException {
        try (Connection owner = connect(PG.fixture().user(), PG.fixture().password()); Statement s = owner.createStatement()) {
            assertThat(count(s, "SELECT count(*) FROM pg_policies WHERE schemaname = '" + PG.schema() + "'")).isGreaterThanOrEqualTo(10);
            assertThat(count(s, "SELECT count(*) FROM pg_policies WHERE schemaname = '" + PG.schema()
                    + "' AND qual NOT LIKE '%ragstore_admin()%'")).isZero();
        }
    }

    @Test
    void theAdminFunctionIsParallelSafeSoPoliciesKeepParallelPlans() throws SQLException {
        // V4's SET search_path made it parallel-unsafe: hybrid search under RLS 117 -> 164 ms in the bench
        try (Connection owner = connect(PG.fixture().user(), PG.fixture().password()); Statement s = owner.createStatement();
             ResultSet rs = s.executeQuery("SELECT proparallel, proconfig IS NULL, prosecdef FROM pg_proc WHERE oid = '"
                     + PG.schema() + ".ragstore_admin()'::regprocedure")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("s");
            assertThat(rs.getBoolean(2)).as("no SET clause").isTrue();
            assertThat(rs.getBoolean(3)).as("security definer").isTrue();
        }
    }

    @Test
    void theSchemasOwnerKeepsItsWayIn() throws SQLException {
        try (Connection owner = connect(PG.fixture().user(), PG.fixture().password()); Statement s = owner.createStatement()) {
            s.execute("SET ragstore.admin = 'on'");
            assertThat(count(s, "SELECT count(*) FROM " + PG.schema() + ".knowledge_bases")).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void migrationCredentialsNeedTheStoresOwnPool() {
        assertThatThrownBy(() -> PostgresStore.builder().dataSource(new org.postgresql.ds.PGSimpleDataSource())
                .migrationCredentials("owner", "secret").build())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("migrationDataSource");
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Connection connect(String user, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        return DriverManager.getConnection(PG.fixture().jdbcUrl(), properties);
    }
}
