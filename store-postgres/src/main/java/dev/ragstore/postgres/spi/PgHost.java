package dev.ragstore.postgres.spi;

import dev.ragstore.core.chunk.Chunk;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * What a started {@code PostgresStore} offers its extensions (handed to
 * {@link PgExtension#start(PgHost)}): sessions in a row-level-security scope, with failures
 * translated by {@link #errors()}. Thread-safe.
 */
public interface PgHost {

    /** The schema of the store's tables. */
    String schema();

    /** Whether the store applies row-level security (when off, every session runs in the admin scope). */
    boolean rowLevelSecurity();

    /** The store's failure mapping. */
    PgErrors errors();

    /**
     * Reads the current row of {@code rows} as a chunk: a row of the store's {@code chunks} table
     * with all its columns selected under their own names, exactly as the store reads them.
     */
    Chunk readChunk(ResultSet rows) throws SQLException;

    /**
     * Runs {@code work} in one transaction of {@code scope} and returns its result. A thread that
     * already runs a transaction of this store joins it (same connection and commit); when the
     * scope differs it is switched for the work and restored afterwards, also when the work fails.
     * Any failure is translated (a {@link java.sql.SQLException} included) after the rollback.
     */
    <T> T transaction(PgScope scope, PgWork<T> work);

    /**
     * Runs a read in one round trip: outside a transaction, on a pooled connection in auto-commit
     * mode, as a one-round-trip session (see {@link PgSession}); inside this thread's transaction
     * of the store, joined like {@link #transaction}, so it sees the transaction's writes.
     */
    <T> T read(PgScope scope, PgWork<T> work);

    /**
     * Runs a schema change (DDL, such as pgvector creating a space's tables) in its own transaction
     * of the admin scope, as the role that owns the store's schema: the migration role when the
     * store was built with {@code migrationCredentials}/{@code migrationDataSource}, else the runtime
     * role. With a separate owner it runs on the owner's own connection, in a transaction of its
     * own (do not call it while this thread holds locks the change needs); with one role it is an
     * admin {@link #transaction} and joins a transaction this thread runs. Tables it creates are
     * granted to the runtime role (default privileges), never owned by it.
     */
    <T> T schemaChange(PgWork<T> work);
}
