package dev.ragstore.pgvector;

import dev.ragstore.core.chunk.DistanceMetric;
import dev.ragstore.core.chunk.EmbeddingSpace;
import dev.ragstore.core.search.IndexedChunk;
import dev.ragstore.pgvector.TestChunks.Tenant;
import dev.ragstore.postgres.PostgresStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 18, finding 7, for pgvector: with a runtime role separate from the schema's owner, spaces
 * are created by the owner ({@code PgHost.schemaChange}) and written and searched by the runtime
 * role, which cannot switch their row-level security off.
 */
class TwoRolesIT {

    @RegisterExtension
    static final PgVectorSchema PG = new PgVectorSchema("pgv_tworoles");

    private static final String APP_USER = System.getenv().getOrDefault("RAGSTORE_PG_APP_USER", "ragstore_app");
    private static final String APP_PASSWORD = System.getenv().getOrDefault("RAGSTORE_PG_APP_PASSWORD", "ragstore_app");

    @Test
    void theOwnerCreatesSpacesAndTheRuntimeRoleUsesThem() throws SQLException {
        try (PostgresStore store = PostgresStore.builder().jdbcUrl(PG.fixture().jdbcUrl()).username(APP_USER)
                .password(APP_PASSWORD).migrationCredentials(PG.fixture().user(), PG.fixture().password())
                .schema(PG.schema()).maximumPoolSize(2).install(PgVectorIndex.extension()).build()) {
            PgVectorIndex index = PgVectorIndex.of(store);
            EmbeddingSpace space = EmbeddingSpace.of("two_roles", "test", 2, DistanceMetric.L2);
            index.createSpace(space);
            Tenant alice = Tenant.random();
            IndexedChunk chunk = alice.chunk(0, "owned by nobody at run time", Map.of(), new float[] {1, 0});
            index.upsert(space.name(), List.of(chunk));

            assertThat(index.search(alice.vectorQuery(space.name(), 5, new float[] {1, 0}))).hasSize(1);
            try (Connection app = connect(); Statement s = app.createStatement()) {
                assertThatThrownBy(() -> s.execute("ALTER TABLE " + PG.schema() + ".vectors_two_roles NO FORCE ROW LEVEL SECURITY"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("must be owner");
            }
        }
    }

    private static Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", APP_USER);
        properties.setProperty("password", APP_PASSWORD);
        return DriverManager.getConnection(PG.fixture().jdbcUrl(), properties);
    }
}
