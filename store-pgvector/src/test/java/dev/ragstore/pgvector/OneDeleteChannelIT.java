package dev.ragstore.pgvector;

import dev.ragstore.core.RagStore;
import dev.ragstore.core.UserScope;
import dev.ragstore.core.document.DocumentSource;
import dev.ragstore.core.document.IngestResult;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.user.NewUser;
import dev.ragstore.postgres.PostgresStore;
import dev.ragstore.core.spi.HashingEmbedder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12: vectors are kept consistent through one channel. With pgvector the store's own delete
 * transactions remove the vectors ({@code followsRelationalDeletes}), and the facade no longer
 * calls the index's {@code delete*} as well: each delete statement of a space table is sent once.
 */
class OneDeleteChannelIT {

    @RegisterExtension
    static final PgVectorSchema PG = new PgVectorSchema("one_delete");

    @Test
    void deletingADocumentThroughTheFacadeDeletesItsVectorsOnce() {
        StatementLog log = new StatementLog(PG);
        try (PostgresStore postgres = PostgresStore.builder().dataSource(log).schema(PG.schema()).migrateOnStart(false)
                .install(PgVectorIndex.extension()).build();
             RagStore store = RagStore.builder().relationalStore(postgres).vectorIndex(PgVectorIndex.of(postgres))
                     .embedder(HashingEmbedder.create(16)).build()) {
            UserScope scope = store.forUser(store.admin().createUser(NewUser.of("once-" + System.nanoTime(), "password-123")).id());
            KnowledgeBase kb = scope.knowledgeBases().create("kb", "", Map.of());
            IngestResult ingested = scope.documents().ingest(kb.id(), DocumentSource.builder("a.txt", "text/plain",
                    "One channel for deletes. ".repeat(60).getBytes(StandardCharsets.UTF_8)).build());
            assertThat(vectorRows()).isEqualTo(ingested.chunks()).isPositive();

            log.statements.clear();
            scope.documents().delete(ingested.document().id());

            List<String> vectorDeletes = log.statements.stream()
                    .filter(sql -> sql.contains("DELETE FROM") && sql.contains(".\"vectors_hashing_16\" WHERE")).toList();
            assertThat(vectorDeletes).hasSize(1);
            assertThat(vectorRows()).isZero();
        }
    }

    private static long vectorRows() {
        return PG.store().inAdminTransaction(h -> h.createQuery("SELECT count(*) FROM " + PG.schema() + ".vectors_hashing_16")
                .mapTo(Long.class).one());
    }

    /** Connections to the test server whose prepared statements are recorded, in order. */
    private static final class StatementLog implements DataSource {

        final List<String> statements = new CopyOnWriteArrayList<>();
        private final PGSimpleDataSource target = new PGSimpleDataSource();

        StatementLog(PgVectorSchema pg) {
            target.setURL(pg.fixture().jdbcUrl());
            target.setUser(pg.fixture().user());
            target.setPassword(pg.fixture().password());
        }

        @Override
        public Connection getConnection() throws SQLException {
            Connection connection = target.getConnection();
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                    (proxy, method, args) -> {
                        if ((method.getName().equals("prepareStatement") || method.getName().equals("prepareCall"))
                                && args != null && args[0] instanceof String sql) {
                            statements.add(sql);
                        }
                        try {
                            return method.invoke(connection, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
