package dev.ragstore.postgres;

import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.postgres.spi.PgExtension;
import dev.ragstore.postgres.spi.PgHost;
import dev.ragstore.postgres.spi.PgScope;
import dev.ragstore.postgres.spi.PgSession;
import dev.ragstore.postgres.spi.PgSql;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An extension's migrations run in the store's Flyway run (one history table), its checks before
 * them and its start after them; a store built later without the extension, or with
 * {@code migrateOnStart(false)}, starts on the same schema.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PgExtensionMigrationIT {

    @RegisterExtension
    static final PgSchemaExtension PG = new PgSchemaExtension("pgext");

    /** An extension with one migration that records the order of its calls. */
    private static final class Notes implements PgExtension {

        final List<String> calls = new CopyOnWriteArrayList<>();
        PgHost host;

        @Override
        public String name() {
            return "notes";
        }

        @Override
        public Optional<String> migrationLocation() {
            return Optional.of("classpath:db/ragstore-test-extension");
        }

        @Override
        public List<String> requiredTables() {
            return List.of("test_extension_notes");
        }

        @Override
        public void beforeMigrate(PgSession session) {
            calls.add("beforeMigrate " + session.scope());
        }

        @Override
        public void start(PgHost host) {
            this.host = host;
            calls.add("start " + host.schema());
        }
    }

    @Test
    @Order(2)
    void theMigrationsShareTheStoresHistoryAndTheHostRunsItsWork() {
        Notes notes = new Notes();
        try (PostgresStore store = PG.store(b -> b.migrateOnStart(true).install(notes))) {
            assertThat(notes.calls).containsExactly("beforeMigrate " + PgScope.admin(), "start " + PG.schema());
            assertThat(store.extension(Notes.class)).containsSame(notes);
            List<String> history = store.inAdminTransaction(h -> h.createQuery("SELECT version || ' ' || description FROM "
                    + PG.schema() + ".ragstore_schema_history WHERE success ORDER BY installed_rank").mapTo(String.class).list());
            assertThat(history).contains("2.1 test extension notes");

            int inserted = notes.host.transaction(PgScope.admin(), session -> session.update(new PgSql()
                    .sql("INSERT INTO " + session.table("test_extension_notes") + " VALUES (gen_random_uuid(), ").text("hi")
                    .sql(")")));
            assertThat(inserted).isEqualTo(1);
        }
    }

    @Test
    @Order(3)
    void aStoreWithoutTheExtensionStillStartsOnTheSchema() {
        try (PostgresStore withNotes = PG.store(b -> b.migrateOnStart(true).install(new Notes()))) {
            assertThat(withNotes.extensions()).hasSize(1);
        }

        try (PostgresStore plain = PG.store(b -> b.migrateOnStart(true))) {
            assertThat(plain.extension(Notes.class)).isEmpty();
            // the highest version applied: the store's own V10, whatever order the extension's 2.1 ran in
            assertThat(plain.schemaVersion()).isEqualTo("10");
        }
    }

    @Test
    @Order(1)
    void withoutMigrationTheExtensionsTablesMustExist() {
        try (PostgresStore plain = PG.store()) {
            assertThat(plain.extensions()).isEmpty();
        }

        assertThatThrownBy(() -> PG.store(b -> b.migrateOnStart(false).install(new Notes())))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("test_extension_notes is missing");
    }
}
