package dev.ragstore.pgvector.internal;

import dev.ragstore.core.chunk.Chunk;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.user.UserId;
import dev.ragstore.postgres.spi.PgExtension;
import dev.ragstore.postgres.spi.PgHost;
import dev.ragstore.postgres.spi.PgScope;
import dev.ragstore.postgres.spi.PgSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * pgvector as an extension of a {@code PostgresStore}: its migration (the {@code vector} extension
 * and the space registry) runs with the store's; at start it checks the extension's version and
 * the text search configuration and builds the index's operations; inside the store's chunk and
 * delete transactions it deletes the vectors of replaced chunks, deleted documents and deleted
 * users, in every space of the registry (read on every call, so spaces created by another process
 * are never missed). Thread-safe.
 */
public final class VectorExtension implements PgExtension {

    /** What a superuser runs so the keyword side of a search may use the GIN index under row-level security. */
    public static final String LEAKPROOF_STATEMENT = "ALTER FUNCTION pg_catalog.ts_match_vq(tsvector, tsquery) LEAKPROOF";

    private static final Logger LOG = LoggerFactory.getLogger(VectorExtension.class);

    private final Function<Boolean, IndexSettings> settings;
    private final String textSearchConfig;
    private volatile Started started;

    /**
     * @param settings         the index settings for a store with ({@code true}) or without row-level security
     * @param textSearchConfig the text search configuration the settings name, checked at start
     */
    public VectorExtension(Function<Boolean, IndexSettings> settings, String textSearchConfig) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.textSearchConfig = Objects.requireNonNull(textSearchConfig, "textSearchConfig");
    }

    @Override
    public String name() {
        return "pgvector";
    }

    @Override
    public Optional<String> migrationLocation() {
        return Optional.of(VectorMigrations.LOCATION);
    }

    @Override
    public List<String> requiredTables() {
        return List.of(VectorMigrations.SPACES_TABLE);
    }

    @Override
    public void beforeMigrate(PgSession session) throws SQLException {
        VectorMigrations.requireCreatableExtension(session.connection());
    }

    @Override
    public void start(PgHost host) {
        IndexSettings indexSettings = settings.apply(host.rowLevelSecurity());
        String extensionSchema = host.transaction(PgScope.admin(), session -> {
            Connection connection = session.connection();
            VectorMigrations.Extension extension = VectorMigrations.requireExtension(connection, host.errors().address());
            try (PreparedStatement config = connection.prepareStatement(
                    "SELECT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = ?)")) {
                config.setString(1, textSearchConfig);
                try (ResultSet rs = config.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        throw InvalidInputException.of("textSearchConfig", "must name a text search configuration of the "
                                + "database (see \\dF in psql)", textSearchConfig);
                    }
                }
            }
            if (host.rowLevelSecurity()) {
                adviseOnKeywordIndex(connection);
            }
            return extension.schema();
        });
        SpaceRegistry registry = new SpaceRegistry(host.schema(), extensionSchema, indexSettings);
        VectorOperations operations = new VectorOperations(host, indexSettings, registry);
        this.started = new Started(host, indexSettings, registry, operations);
        LOG.info("pgvector started on schema {} ({} m={} ef_construction={} lists={}, ef_search={}, iterative scan {}, "
                        + "text search '{}')", host.schema(), indexSettings.indexMethod(), indexSettings.hnswM(),
                indexSettings.hnswEfConstruction(), indexSettings.ivfflatLists(), indexSettings.tuning().efSearch(),
                indexSettings.iterativeScan(), textSearchConfig);
    }

    /** What {@link #start} made: the store's host, the settings, the registry and the operations every index view shares. */
    public Started started() {
        Started current = started;
        if (current == null) {
            throw new IllegalStateException("the pgvector extension is installed but its store has not started");
        }
        return current;
    }

    @Override
    public void chunksReplaced(PgSession session, DocumentId documentId, List<Chunk> chunks) throws SQLException {
        UUID owner = owner(session);
        UUID[] keep = chunks.stream().map(c -> c.id().value()).toArray(UUID[]::new);
        for (SpaceLayout layout : spaces(session)) {
            ChunkDeletes.documentExcept(session.connection(), layout.tables(), owner, documentId.value(), keep);
        }
    }

    @Override
    public void documentsDeleted(PgSession session, List<DocumentId> documentIds) throws SQLException {
        UUID owner = owner(session);
        UUID[] ids = documentIds.stream().map(DocumentId::value).toArray(UUID[]::new);
        for (SpaceLayout layout : spaces(session)) {
            ChunkDeletes.documents(session.connection(), layout.tables(), owner, ids);
        }
        forget(new UserId(owner));
    }

    @Override
    public void ownerDeleted(PgSession session, UserId owner) throws SQLException {
        for (SpaceLayout layout : spaces(session)) {
            ChunkDeletes.owner(session.connection(), layout.tables(), owner.value());
        }
        forget(owner);
    }

    @Override
    public String toString() {
        return "PgVectorExtension[text search '" + textSearchConfig + "'" + (started == null ? ", not started" : "") + "]";
    }

    private List<SpaceLayout> spaces(PgSession session) throws SQLException {
        return started().registry().all(session.handle());
    }

    private void forget(UserId owner) {
        Started current = started;
        if (current != null) {
            current.operations().forget(owner);
        }
    }

    private static UUID owner(PgSession session) {
        if (session.scope() instanceof PgScope.Owner owner) {
            return owner.id().value();
        }
        throw new IllegalStateException("chunk hooks run in an owner's scope, not " + session.scope());
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

    /** The state of a started extension. */
    public record Started(PgHost host, IndexSettings settings, SpaceRegistry registry, VectorOperations operations) {
    }
}
