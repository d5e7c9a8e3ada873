package dev.ragstore.pgvector.internal;

import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.postgres.PostgresStore;
import dev.ragstore.postgres.internal.PgPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Starts a pgvector index on a store: migration (or its check), extension and settings checks. */
public final class IndexStarter {

    /** What a superuser runs so the keyword side of a search may use the GIN index under row-level security. */
    public static final String LEAKPROOF_STATEMENT = "ALTER FUNCTION pg_catalog.ts_match_vq(tsvector, tsquery) LEAKPROOF";

    private static final Logger LOG = LoggerFactory.getLogger(IndexStarter.class);

    private IndexStarter() {
    }

    /**
     * Under forced row-level security PostgreSQL evaluates a query's own conditions only after the
     * policy's unless their functions are leakproof, and the full-text match {@code @@} is not: a
     * keyword or hybrid search then reads every row of the owner instead of the GIN index. Says
     * once, at start, what lifts that.
     */
    private static void adviseOnKeywordIndex(Connection connection) throws SQLException {
        try (PreparedStatement leakproof = connection.prepareStatement(
                "SELECT proleakproof FROM pg_proc WHERE oid = 'pg_catalog.ts_match_vq(tsvector, tsquery)'::regprocedure");
             ResultSet rs = leakproof.executeQuery()) {
            if (rs.next() && !rs.getBoolean(1)) {
                LOG.info("Row-level security is on: keyword and hybrid searches read all of an owner's rows instead of "
                        + "the full-text GIN index, because @@ (ts_match_vq) is not LEAKPROOF. A superuser may run "
                        + "\"{}\" once per database, or build the PostgresStore with rowLevelSecurity(false) "
                        + "(new spaces then get no policies).", LEAKPROOF_STATEMENT);
            }
        }
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
            if (settings.rowLevelSecurity()) {
                adviseOnKeywordIndex(connection);
            }
            return extension.schema();
        }));
    }
}
