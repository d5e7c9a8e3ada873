package dev.ragstore.postgres;

import dev.ragstore.core.error.RagStoreException;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.user.UserId;
import dev.ragstore.postgres.spi.PgResult;
import dev.ragstore.postgres.spi.PgScope;
import dev.ragstore.postgres.spi.PgSession;
import dev.ragstore.postgres.spi.PgSetting;
import dev.ragstore.postgres.spi.PgSql;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link dev.ragstore.postgres.spi.PgHost#read}: the scope a one-round-trip session sends with its
 * query holds for that execution (row-level security admits only the owner's rows, without any
 * owner predicate in the query), vanishes when the execution ends (the pooled connection carries no
 * scope into its next use), joins a running transaction, and failures arrive translated.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PgHostReadIT {

    @RegisterExtension
    static final PgSchemaExtension PG = new PgSchemaExtension("onetrip");

    private static final PgResult<List<UUID>> IDS = rows -> {
        List<UUID> values = new ArrayList<>();
        while (rows.next()) {
            values.add(rows.getObject(1, UUID.class));
        }
        return values;
    };

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
        List<UUID> owners = store.host().read(PgScope.owner(alice), session -> ownersOfKnowledgeBases(session));

        assertThat(owners).containsExactly(alice.value());
    }

    @Test
    void settingsTravelWithTheQuery() {
        String workMem = store.host().read(PgScope.owner(alice), session -> session.query(
                new PgSql().sql("SELECT current_setting('work_mem')"), List.of(new PgSetting("work_mem", "7MB")), rows -> {
                    rows.next();
                    return rows.getString(1);
                }));

        assertThat(workMem).isEqualTo("7MB");
    }

    @Test
    void theScopeDoesNotOutliveTheExecution() {
        store.host().read(PgScope.owner(alice), this::ownersOfKnowledgeBases);

        String leftOver = store.host().read(PgScope.owner(bob), session -> {
            // a raw statement on the connection, without the session's scope
            try (var s = session.connection().prepareStatement("SELECT coalesce(current_setting('ragstore.owner', true), '')");
                 var rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        });
        List<UUID> unscoped = store.host().read(PgScope.owner(bob), session -> {
            try (var s = session.connection().prepareStatement("SELECT owner_id FROM " + PG.schema() + ".knowledge_bases");
                 var rs = s.executeQuery()) {
                return IDS.map(rs);
            }
        });

        assertThat(leftOver).isEmpty();
        assertThat(unscoped).as("without its scope a read sees nothing under forced row-level security").isEmpty();
    }

    @Test
    void aOneRoundTripReadSendsOneQueryAndNoWrites() {
        assertThatThrownBy(() -> store.host().read(PgScope.owner(alice), session -> {
            ownersOfKnowledgeBases(session);
            return ownersOfKnowledgeBases(session);
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("one query");
        assertThatThrownBy(() -> store.host().read(PgScope.owner(alice),
                session -> session.update(new PgSql().sql("SELECT 1"))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot write");
    }

    @Test
    void insideATransactionTheReadJoinsItAndSeesItsUncommittedRows() {
        KnowledgeBase created = store.inTransaction(alice, handle -> {
            KnowledgeBase kb = new PgFixtures(store).knowledgeBase(alice);
            List<UUID> seen = store.host().read(PgScope.owner(alice), session -> {
                assertThat(session.inTransaction()).isTrue();
                return session.query(new PgSql().sql("SELECT id FROM " + session.table("knowledge_bases")), List.of(), IDS);
            });
            assertThat(seen).contains(kb.id().value());
            return kb;
        });

        assertThat(store.knowledgeBases().findById(alice, created.id())).isPresent();
    }

    @Test
    void aFailureArrivesTranslatedAndTheConnectionStaysUsable() {
        assertThatThrownBy(() -> store.host().read(PgScope.owner(alice), session -> session.query(
                new PgSql().sql("SELECT owner_id FROM " + session.table("no_such_table")), List.of(), IDS)))
                .isInstanceOf(RagStoreException.class)
                .hasMessageContaining("no_such_table");

        assertThat(store.host().read(PgScope.owner(alice), this::ownersOfKnowledgeBases)).containsExactly(alice.value());
    }

    private List<UUID> ownersOfKnowledgeBases(PgSession session) throws SQLException {
        return session.query(new PgSql().sql("SELECT owner_id FROM " + session.table("knowledge_bases")), List.of(), IDS);
    }
}
