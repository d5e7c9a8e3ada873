package dev.ragstore.postgres;

import dev.ragstore.core.apikey.ApiKey;
import dev.ragstore.core.apikey.ApiKeyId;
import dev.ragstore.core.audit.AuditEvent;
import dev.ragstore.core.audit.AuditEventId;
import dev.ragstore.core.chat.ChatSession;
import dev.ragstore.core.document.Document;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.model.ModelProfile;
import dev.ragstore.core.model.ModelProfileId;
import dev.ragstore.core.model.ModelStatus;
import dev.ragstore.core.usage.UsageDelta;
import dev.ragstore.core.user.UserId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The second wall: raw SQL, with no owner predicate of RagStore's, run on a plain connection as
 * the application role (which owns the tables) under user A's setting, can neither see, update,
 * delete nor create user B's rows in any owned table.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RowLevelSecurityIT {

    @RegisterExtension
    static final PgSchemaExtension PG = new PgSchemaExtension("rls");

    /** Every owned table and its owner column. */
    private static final Map<String, String> OWNED = Map.ofEntries(
            Map.entry("users", "id"),
            Map.entry("api_keys", "owner_id"),
            Map.entry("knowledge_bases", "owner_id"),
            Map.entry("chat_sessions", "owner_id"),
            Map.entry("documents", "owner_id"),
            Map.entry("chunks", "owner_id"),
            Map.entry("messages", "owner_id"),
            Map.entry("usage_days", "owner_id"),
            Map.entry("usage_idempotency_keys", "owner_id"),
            Map.entry("model_profiles", "owner_id"),
            Map.entry("audit_events", "owner_id"));

    private PostgresStore store;
    private UserId alice;
    private UserId bob;

    @BeforeAll
    void giveBothUsersARowInEveryTable() {
        store = PG.store();
        alice = fill(new PgFixtures(store));
        bob = fill(new PgFixtures(store));
    }

    @AfterAll
    void closeStore() {
        store.close();
    }

    private UserId fill(PgFixtures fixtures) {
        UserId user = fixtures.user();
        KnowledgeBase knowledgeBase = fixtures.knowledgeBase(user);
        ChatSession session = fixtures.session(user);
        Document document = fixtures.document(user, knowledgeBase.id(), session.id(), "text/plain");
        fixtures.chunks(document, 3);
        store.chats().append(user, fixtures.message(session.id(), user, null, 5), PgFixtures.DAY);
        store.usage().record(user, PgFixtures.DAY, UsageDelta.tokens(7));
        store.usage().record(user, PgFixtures.DAY, UsageDelta.tokens(3), "fill-" + user.value());
        store.apiKeys().insert(new ApiKey(new ApiKeyId(UUID.randomUUID()), user, "key", "pre" + UUID.randomUUID(),
                "hash", 0, null, null, PgFixtures.now()));
        store.modelProfiles().insert(new ModelProfile(new ModelProfileId(UUID.randomUUID()), user, "profile", "https://llm",
                new byte[] {1, 2}, "", ModelStatus.TRAINED, List.of(knowledgeBase.id()), PgFixtures.now(), PgFixtures.now()));
        store.audit().append(new AuditEvent(new AuditEventId(UUID.randomUUID()), user, "test.fill", Map.of(), PgFixtures.now()));
        return user;
    }

    @Test
    void theApplicationRoleIsSubjectToRowLevelSecurity() throws SQLException {
        try (Connection connection = PG.fixture().openConnection();
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")) {
            rs.next();
            assertThat(rs.getBoolean("rolsuper")).as("superusers bypass row-level security").isFalse();
            assertThat(rs.getBoolean("rolbypassrls")).as("BYPASSRLS roles bypass row-level security").isFalse();
        }
        try (Connection connection = PG.fixture().openConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT c.relname, c.relrowsecurity, "
                     + "c.relforcerowsecurity FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                     + "WHERE n.nspname = ? AND c.relkind = 'r'")) {
            statement.setString(1, PG.schema());
            try (ResultSet rs = statement.executeQuery()) {
                int owned = 0;
                while (rs.next()) {
                    if (OWNED.containsKey(rs.getString(1))) {
                        owned++;
                        assertThat(rs.getBoolean(2)).as("RLS enabled on " + rs.getString(1)).isTrue();
                        assertThat(rs.getBoolean(3)).as("RLS forced on " + rs.getString(1)).isTrue();
                    }
                }
                assertThat(owned).isEqualTo(OWNED.size());
            }
        }
    }

    @Test
    void underAlicesSettingRawSqlSeesOnlyAlicesRows() throws SQLException {
        for (Map.Entry<String, String> table : OWNED.entrySet()) {
            String sql = "SELECT count(*) FILTER (WHERE " + table.getValue() + " = ?), "
                    + "count(*) FILTER (WHERE " + table.getValue() + " = ?), count(*) FROM " + PG.schema() + "." + table.getKey();
            long[] counts = asAlice(connection -> {
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    statement.setObject(1, alice.value());
                    statement.setObject(2, bob.value());
                    try (ResultSet rs = statement.executeQuery()) {
                        rs.next();
                        return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
                    }
                }
            });
            assertThat(counts[0]).as("alice's rows in " + table.getKey()).isPositive();
            assertThat(counts[1]).as("bob's rows visible in " + table.getKey()).isZero();
            assertThat(counts[2]).as("all visible rows of " + table.getKey()).isEqualTo(counts[0]);
        }
    }

    @Test
    void underAlicesSettingRawSqlCannotUpdateOrDeleteBobsRows() throws SQLException {
        long bobsTokens = store.usage().find(bob, PgFixtures.DAY).tokens();
        for (Map.Entry<String, String> table : OWNED.entrySet()) {
            String where = " WHERE " + table.getValue() + " = ?";
            String update = "UPDATE " + PG.schema() + "." + table.getKey() + " SET " + table.getValue() + " = "
                    + table.getValue() + where;
            String delete = "DELETE FROM " + PG.schema() + "." + table.getKey() + where;
            int[] changed = asAlice(connection -> {
                try (PreparedStatement u = connection.prepareStatement(update);
                     PreparedStatement d = connection.prepareStatement(delete)) {
                    u.setObject(1, bob.value());
                    d.setObject(1, bob.value());
                    return new int[] {u.executeUpdate(), d.executeUpdate()};
                }
            });
            assertThat(changed[0]).as("bob's rows updated in " + table.getKey()).isZero();
            assertThat(changed[1]).as("bob's rows deleted from " + table.getKey()).isZero();
        }
        assertThat(store.knowledgeBases().list(bob, dev.ragstore.core.page.PageRequest.first(10), true).items()).hasSize(1);
        assertThat(store.usage().find(bob, PgFixtures.DAY).tokens()).isEqualTo(bobsTokens).isEqualTo(5 + 7 + 3);
    }

    @Test
    void underAlicesSettingRawSqlCannotWriteARowForBob() {
        String sql = "INSERT INTO " + PG.schema() + ".usage_days (owner_id, day, tokens) VALUES (?, DATE '2030-01-01', 1)";

        assertThatThrownBy(() -> asAlice(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setObject(1, bob.value());
                return statement.executeUpdate();
            }
        })).isInstanceOf(SQLException.class)
                .hasMessageContaining("row-level security")
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"));
    }

    @Test
    void withoutAnySettingRawSqlSeesNothingEvenAsTheTablesOwner() throws SQLException {
        try (Connection connection = PG.fixture().openConnection();
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT (SELECT count(*) FROM " + PG.schema() + ".chunks) + "
                     + "(SELECT count(*) FROM " + PG.schema() + ".users)")) {
            rs.next();
            assertThat(rs.getLong(1)).isZero();
        }
    }

    @Test
    void theAdminSettingSeesEveryOwner() throws SQLException {
        try (Connection connection = PG.fixture().openConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT set_config('ragstore.admin', 'on', true)");
                try (ResultSet rs = statement.executeQuery("SELECT count(DISTINCT owner_id) FROM " + PG.schema() + ".chunks")) {
                    rs.next();
                    assertThat(rs.getLong(1)).isEqualTo(2);
                }
            } finally {
                connection.rollback();
            }
        }
    }

    @Test
    void theHostTransactionApiAppliesTheOwnersSetting() {
        long visible = store.inTransaction(alice, h -> h.createQuery("SELECT count(*) FROM " + PG.schema() + ".documents")
                .mapTo(Long.class).one());

        assertThat(visible).isEqualTo(1);
    }

    private <T> T asAlice(SqlWork<T> work) throws SQLException {
        try (Connection connection = PG.fixture().openConnection()) {
            connection.setAutoCommit(false);
            try {
                try (PreparedStatement scope = connection.prepareStatement("SELECT set_config('ragstore.owner', ?, true)")) {
                    scope.setString(1, alice.value().toString());
                    scope.execute();
                }
                return work.run(connection);
            } finally {
                connection.rollback();
            }
        }
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }
}
