package dev.ragstore.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.error.StoreUnavailableException;
import dev.ragstore.core.user.UserId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Start-up, migration, lifecycle and connection failures of {@link PostgresStore} on the real server. */
class PostgresStoreIT {

    @RegisterExtension
    static final PgSchemaExtension PG = new PgSchemaExtension("store");

    /** The version of the newest file under db/ragstore/. */
    private static final String LATEST_VERSION = "10";

    @Test
    void migratesIntoItsSchemaWithItsOwnHistoryTable() throws Exception {
        try (PostgresStore store = PG.store()) {
            assertThat(store.name()).isEqualTo("postgresql");
            assertThat(store.schema()).isEqualTo(PG.schema());
        }
        assertThat(query("SELECT version FROM " + PG.schema() + ".ragstore_schema_history WHERE success "
                + "ORDER BY installed_rank DESC LIMIT 1")).isEqualTo(LATEST_VERSION);
        assertThat(query("SELECT count(*) FROM information_schema.tables WHERE table_name = 'flyway_schema_history' "
                + "AND table_schema = '" + PG.schema() + "'")).isEqualTo("0");
    }

    @Test
    void migratingAgainOnStartIsANoOp() {
        try (PostgresStore store = PG.store(b -> b.migrateOnStart(true))) {
            assertThat(store.schemaVersion()).isEqualTo(LATEST_VERSION);
        }
    }

    @Test
    void aPoolOfOneConnectionStillMigratesAndWorks() {
        String fresh = PG.fixture().createSchema("store_single");
        try (PostgresStore store = PG.builder().schema(fresh).maximumPoolSize(1).migrateOnStart(true).build()) {
            PgFixtures fixtures = new PgFixtures(store);
            UserId user = fixtures.user();
            store.chats().append(user, fixtures.message(fixtures.session(user).id(), user, null, 1), PgFixtures.DAY);
            assertThat(store.usage().find(user, PgFixtures.DAY).messages()).isEqualTo(1);
        } finally {
            PG.fixture().dropSchema(fresh);
        }
    }

    @Test
    void chunkTextGetsAGeneratedTsvectorWithAGinIndex() throws Exception {
        try (PostgresStore store = PG.store()) {
            PgFixtures fixtures = new PgFixtures(store);
            UserId user = fixtures.user();
            var document = fixtures.document(user, fixtures.knowledgeBase(user).id(), "text/plain");
            fixtures.chunks(document, 2);

            long matches = store.inTransaction(user, h -> h.createQuery("SELECT count(*) FROM " + PG.schema()
                    + ".chunks WHERE text_search @@ to_tsquery('simple', 'chunk & 1')").mapTo(Long.class).one());
            assertThat(matches).isEqualTo(1);
        }
        assertThat(query("SELECT indexdef FROM pg_indexes WHERE schemaname = '" + PG.schema()
                + "' AND indexname = 'chunks_text_search_idx'")).contains("USING gin (text_search)");
    }

    @Test
    void theMigrationsAreReadableAsPlainSqlFiles() throws Exception {
        for (String file : List.of("db/ragstore/V1__schema.sql", "db/ragstore/V2__row_level_security.sql",
                "db/ragstore/V3__idempotency_keys.sql")) {
            try (InputStream in = PostgresStore.class.getClassLoader().getResourceAsStream(file)) {
                assertThat(in).as(file).isNotNull();
                String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                assertThat(sql).contains("${schema}.").doesNotContain("ragstore.users");
            }
        }
    }

    @Test
    void withoutMigrationAnEmptySchemaFailsNamingTheSetting() {
        String empty = PG.fixture().createSchema("store_empty");
        try {
            assertThatThrownBy(() -> PG.builder().schema(empty).build())
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("schema must hold RagStore's tables")
                    .hasMessageContaining("migrateOnStart(true)")
                    .hasMessageContaining(empty);
        } finally {
            PG.fixture().dropSchema(empty);
        }
    }

    @Test
    void aHostDataSourceIsUsedAndLeftOpen() {
        try (HikariDataSource dataSource = hostPool(2, 30_000)) {
            PostgresStore store = PostgresStore.builder().dataSource(dataSource).schema(PG.schema()).build();
            UserId user = new PgFixtures(store).user();
            assertThat(store.users().findById(user)).isPresent();
            store.close();

            assertThat(dataSource.isClosed()).isFalse();
            assertThatThrownBy(() -> store.users().findById(user))
                    .isInstanceOfSatisfying(StoreUnavailableException.class, e -> assertThat(e.retryable()).isFalse())
                    .hasMessageContaining("is closed");
        }
    }

    @Test
    void anExhaustedPoolIsRetryableAndShowsThePoolState() throws Exception {
        try (HikariDataSource dataSource = hostPool(1, 300);
             PostgresStore store = PostgresStore.builder().dataSource(dataSource).schema(PG.schema())
                     .migrateOnStart(false).build()) {
            UserId user = new PgFixtures(store).user();
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> store.useTransaction(user, h -> {
                holding.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
            try {
                assertThatThrownBy(() -> store.users().findById(user))
                        .isInstanceOfSatisfying(StoreUnavailableException.class, e -> assertThat(e.retryable()).isTrue())
                        .hasMessageContaining("pool 'host-pool': total=1, active=1, idle=0");
            } finally {
                release.countDown();
                holder.get(30, TimeUnit.SECONDS);
            }
            assertThat(store.users().findById(user)).isPresent();
        }
    }

    @Test
    void anUnreachableServerFailsTheBuildRetryablyNamingTheAddress() {
        assertThatThrownBy(() -> PostgresStore.builder().jdbcUrl("jdbc:postgresql://127.0.0.1:1/ragstore?connectTimeout=2")
                .username("nobody").password("secret").build())
                .isInstanceOfSatisfying(StoreUnavailableException.class, e -> assertThat(e.retryable()).isTrue())
                .hasMessageContaining("127.0.0.1:1")
                .hasMessageNotContaining("secret");
    }

    @Test
    void wrongCredentialsFailTheBuildAndAreNotRetryable() {
        assertThatThrownBy(() -> PostgresStore.builder().jdbcUrl(PG.fixture().jdbcUrl()).username(PG.fixture().user())
                .password("definitely-wrong").schema(PG.schema()).build())
                .isInstanceOfSatisfying(StoreUnavailableException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("credentials")
                .hasMessageNotContaining("definitely-wrong");
    }

    @Test
    void toStringShowsTheConfigurationWithoutThePassword() {
        try (PostgresStore store = PG.store()) {
            assertThat(store.toString()).contains("schema=" + PG.schema()).contains("password=***")
                    .doesNotContain(PG.fixture().password().isEmpty() ? "\u0000" : "password=" + PG.fixture().password());
        }
    }

    private static HikariDataSource hostPool(int size, long timeoutMillis) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(PG.fixture().jdbcUrl());
        config.setUsername(PG.fixture().user());
        config.setPassword(PG.fixture().password());
        config.setMaximumPoolSize(size);
        config.setConnectionTimeout(Math.max(250, timeoutMillis));
        config.setPoolName("host-pool");
        return new HikariDataSource(config);
    }

    private static String query(String sql) throws Exception {
        try (Connection connection = PG.fixture().openConnection();
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
