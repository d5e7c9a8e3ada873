package dev.ragstore.postgres;

import dev.ragstore.core.error.InvalidInputException;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Configuration mistakes fail at once or at {@code build()}, naming the setting, before any connection. */
class PostgresStoreBuilderTest {

    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/ragstore";

    @Test
    void rejectsASchemaThatIsNotAPlainIdentifier() {
        for (String schema : new String[] {"Rag", "rag-store", "1rag", "rag;drop", "", "a".repeat(64)}) {
            assertThatThrownBy(() -> PostgresStore.builder().schema(schema))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("schema")
                    .hasMessageContaining("[a-z_][a-z0-9_]{0,62}");
        }
    }

    @Test
    void rejectsASchemaReservedByPostgres() {
        assertThatThrownBy(() -> PostgresStore.builder().schema("pg_ragstore"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("must not start with pg_")
                .hasMessageContaining("pg_ragstore");
    }

    @Test
    void rejectsAPoolSizeOutsideOneToAThousand() {
        for (int size : new int[] {0, -1, 1001}) {
            assertThatThrownBy(() -> PostgresStore.builder().maximumPoolSize(size))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("maximumPoolSize must be between 1 and 1000 connections")
                    .hasMessageContaining(String.valueOf(size));
        }
        assertThat(PostgresStore.builder().maximumPoolSize(1).maximumPoolSize(1000)).isNotNull();
    }

    @Test
    void rejectsAUrlOfAnotherDatabaseWithoutEchoingItsPassword() {
        assertThatThrownBy(() -> PostgresStore.builder().jdbcUrl("jdbc:mysql://db/app?user=a&password=s3cret"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("jdbcUrl must start with jdbc:postgresql:")
                .hasMessageContaining("password=***")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void aRejectedUrlNeverEchoesUserInformation() {
        assertThatThrownBy(() -> PostgresStore.builder().jdbcUrl("jdbc:mysql://app:s3cret@db/app"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("***@db")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void rejectsABlankPoolName() {
        assertThatThrownBy(() -> PostgresStore.builder().poolName(" "))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("poolName must not be blank");
    }

    @Test
    void buildWithoutUrlOrDataSourceSaysWhatToSet() {
        assertThatThrownBy(() -> PostgresStore.builder().build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("jdbcUrl or dataSource() must be set")
                .hasMessageContaining("jdbc:postgresql://");
    }

    @Test
    void urlAndDataSourceAreMutuallyExclusive() {
        assertThatThrownBy(() -> PostgresStore.builder().jdbcUrl(URL).dataSource(new NoDataSource()).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("jdbcUrl must not be set together with dataSource()");
    }

    @Test
    void poolSettingsDoNotApplyToAHostDataSource() {
        assertThatThrownBy(() -> PostgresStore.builder().dataSource(new NoDataSource()).username("app").build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("username applies only to the pool built from jdbcUrl()");
        assertThatThrownBy(() -> PostgresStore.builder().dataSource(new NoDataSource()).maximumPoolSize(5).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("maximumPoolSize applies only");
        assertThatThrownBy(() -> PostgresStore.builder().dataSource(new NoDataSource()).poolName("p").build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("poolName applies only");
    }

    @Test
    void toStringMasksThePasswordGivenEitherWay() {
        String text = PostgresStore.builder().jdbcUrl(URL + "?user=app&password=url-secret").username("app")
                .password("setter-secret").toString();

        assertThat(text).doesNotContain("url-secret").doesNotContain("setter-secret")
                .contains("password=***").contains("schema=ragstore").contains("rowLevelSecurity=true")
                .contains("maximumPoolSize=10").contains("migrateOnStart=true");
    }

    /** A DataSource that is never asked for a connection by these tests. */
    private static final class NoDataSource implements DataSource {
        @Override
        public Connection getConnection() {
            throw new UnsupportedOperationException("not connected in unit tests");
        }

        @Override
        public Connection getConnection(String username, String password) {
            throw new UnsupportedOperationException("not connected in unit tests");
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
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> type) {
            throw new UnsupportedOperationException("unwrap");
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }
}
