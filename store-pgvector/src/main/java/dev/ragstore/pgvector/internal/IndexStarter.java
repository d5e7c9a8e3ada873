package dev.ragstore.pgvector.internal;

import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.postgres.PostgresStore;
import dev.ragstore.postgres.internal.PgPool;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/** Starts a pgvector index on a store: migration (or its check), extension and settings checks. */
public final class IndexStarter {

    private IndexStarter() {
    }

    /**
     * Prepares {@code store}'s schema for the index and returns the schema the {@code vector}
     * extension lives in.
     */
    public static String start(PostgresStore store, IndexSettings settings, boolean migrate) {
        return store.inAdminTransaction(SqlWork.unchecked(h -> {
            Connection connection = h.getConnection();
            String address = PgPool.address(connection.getMetaData().getURL());
            if (migrate) {
                VectorMigrations.migrate(connection, store.schema(), address);
            } else {
                VectorMigrations.requireMigrated(connection, store.schema());
            }
            VectorMigrations.Extension extension = VectorMigrations.requireExtension(connection, address);
            try (PreparedStatement config = connection.prepareStatement(
                    "SELECT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = ?)")) {
                config.setString(1, settings.textSearchConfig());
                try (ResultSet rs = config.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        throw InvalidInputException.of("textSearchConfig", "must name a text search configuration of the "
                                + "database (see \\dF in psql)", settings.textSearchConfig());
                    }
                }
            }
            return extension.schema();
        }));
    }
}
