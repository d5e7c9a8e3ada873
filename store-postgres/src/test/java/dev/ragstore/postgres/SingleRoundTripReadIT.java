package dev.ragstore.postgres;

import dev.ragstore.core.error.RagStoreException;
import dev.ragstore.core.knowledge.KnowledgeBase;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link PostgresStore#singleRoundTripRead}: the scope settings it hands over hold for the rest of
 * the one execution (row-level security admits only the owner's rows, without any owner predicate
 * in the query), vanish when the execution ends (the pooled connection carries no scope into its
 * next use), join a running transaction, and failures arrive translated.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SingleRoundTripReadIT {

    @RegisterExtension
    static final PgSchemaExtension PG = new PgSchemaExtension("onetrip");

    private PostgresStore store;
    private UserId alice;
    private UserId bob;

    @BeforeAll
    void twoUsersWithAKnowledgeBaseEach() {
        // one connection: every read below reuses the connection the previous one returned
        store = PG.store(b -> b.maximumPoolSize(1));
        PgFixtures fixtures = new PgFixtures(store);
        alice = fixtures.user();
        bob = fixtures.user();
        fixtures.knowledgeBase(alice);
        fixtures.knowledgeBase(bob);
    }

    @AfterAll
    void closeStore() {
        store.close();
    }

    @Test
    void theScopeHoldsForTheExecutionAndAdmitsOnlyTheOwnersRows() {
        List<UUID> owners = store.singleRoundTripRead(alice, (connection, scope) ->
                column(connection, scope, "SELECT owner_id FROM " + PG.schema() + ".knowledge_bases"));

        assertThat(owners).containsExactly(alice.value());
    }

    @Test
    void theScopeDoesNotOutliveTheExecution() {
        store.singleRoundTripRead(alice, (connection, scope) ->
                column(connection, scope, "SELECT owner_id FROM " + PG.schema() + ".knowledge_bases"));

        String leftOver = store.singleRoundTripRead(bob, (connection, scope) -> {
            try (PreparedStatement s = connection.prepareStatement("SELECT coalesce(current_setting('ragstore.owner', true), '')");
                 ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        });
        List<UUID> unscoped = store.singleRoundTripRead(bob, (connection, scope) ->
                column(connection, Map.of(), "SELECT owner_id FROM " + PG.schema() + ".knowledge_bases"));

        assertThat(leftOver).isEmpty();
        assertThat(unscoped).as("without its scope a read sees nothing under forced row-level security").isEmpty();
    }

    @Test
    void insideATransactionTheReadJoinsItAndSeesItsUncommittedRows() {
        KnowledgeBase created = store.inTransaction(alice, handle -> {
            KnowledgeBase kb = new PgFixtures(store).knowledgeBase(alice);
            List<UUID> seen = store.singleRoundTripRead(alice, (connection, scope) -> {
                assertThat(scope).isEmpty();
                return column(connection, scope, "SELECT id FROM " + PG.schema() + ".knowledge_bases");
            });
            assertThat(seen).contains(kb.id().value());
            return kb;
        });

        assertThat(store.knowledgeBases().findById(alice, created.id())).isPresent();
    }

    @Test
    void aFailureArrivesTranslatedAndTheConnectionStaysUsable() {
        assertThatThrownBy(() -> store.singleRoundTripRead(alice, (connection, scope) ->
                column(connection, scope, "SELECT owner_id FROM " + PG.schema() + ".no_such_table")))
                .isInstanceOf(RagStoreException.class);

        List<UUID> after = store.singleRoundTripRead(alice, (connection, scope) ->
                column(connection, scope, "SELECT owner_id FROM " + PG.schema() + ".knowledge_bases"));
        assertThat(after).containsExactly(alice.value());
    }

    /** One execution: the scope's set_config calls, then {@code query}; the first column of its rows. */
    private static List<UUID> column(Connection connection, Map<String, String> scope, String query) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT 1");
        for (int i = 0; i < scope.size(); i++) {
            sql.append(", set_config(?, ?, true)");
        }
        sql.append("; ").append(query);
        try (PreparedStatement s = connection.prepareStatement(sql.toString())) {
            int index = 1;
            for (Map.Entry<String, String> setting : scope.entrySet()) {
                s.setString(index++, setting.getKey());
                s.setString(index++, setting.getValue());
            }
            s.execute();
            assertThat(s.getMoreResults()).isTrue();
            List<UUID> values = new ArrayList<>();
            try (ResultSet rs = s.getResultSet()) {
                while (rs.next()) {
                    values.add(rs.getObject(1, UUID.class));
                }
            }
            return values;
        }
    }
}
