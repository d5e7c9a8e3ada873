package dev.ragstore.pgvector.internal;

import dev.ragstore.core.error.StoreUnavailableException;
import dev.ragstore.core.chunk.DistanceMetric;
import dev.ragstore.core.chunk.EmbeddingSpace;
import dev.ragstore.core.chunk.VectorType;
import dev.ragstore.core.error.ConflictException;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.pgvector.IndexMethod;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The spaces of one schema, as recorded in {@value VectorMigrations#SPACES_TABLE}: creates a
 * space's tables and indexes once (under an advisory lock, so concurrent creators agree), refuses
 * a redefinition, and caches the layouts of spaces it has seen (a space is never altered, so
 * the cache cannot go stale). Thread-safe.
 */
public final class SpaceRegistry {

    /** The largest dimension pgvector indexes for {@code vector}. */
    public static final int MAX_INDEXED_FLOAT32 = 2_000;
    /** The largest dimension pgvector indexes for {@code halfvec}. */
    public static final int MAX_INDEXED_FLOAT16 = 4_000;

    private static final Logger LOG = LoggerFactory.getLogger(SpaceRegistry.class);
    private static final String COLUMNS = "name, model, dimension, metric, vector_type, text_search_config, index_method";

    private final String schema;
    private final String extensionSchema;
    private final IndexSettings settings;
    private final String registry;
    private final ConcurrentMap<String, SpaceLayout> known = new ConcurrentHashMap<>();

    public SpaceRegistry(String schema, String extensionSchema, IndexSettings settings) {
        this.schema = schema;
        this.extensionSchema = extensionSchema;
        this.settings = settings;
        this.registry = Identifiers.quote(schema) + "." + VectorMigrations.SPACES_TABLE;
    }

    /** The qualified registry table. */
    public String table() {
        return registry;
    }

    /**
     * Checks that this index can hold {@code space} (before any transaction starts).
     *
     * @throws InvalidInputException if the dimension is above what pgvector can index for its type
     */
    public static void checkSupported(EmbeddingSpace space) {
        int max = space.vectorType() == VectorType.FLOAT16 ? MAX_INDEXED_FLOAT16 : MAX_INDEXED_FLOAT32;
        if (space.dimension() > max) {
            throw InvalidInputException.of("embedding space dimension", "must be at most " + max + " for "
                    + space.vectorType() + " vectors, the most pgvector indexes"
                    + (space.vectorType() == VectorType.FLOAT32 ? " (use FLOAT16 for up to " + MAX_INDEXED_FLOAT16 + ")" : ""),
                    space.dimension());
        }
    }

    /**
     * Creates {@code space} unless it exists; runs inside the caller's (admin-scope) transaction.
     *
     * @return whether the space was created by this call
     * @throws ConflictException if it exists with another dimension, metric or vector type
     */
    public boolean create(Handle handle, EmbeddingSpace space) throws SQLException {
        Connection connection = handle.getConnection();
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
            lock.setString(1, "ragstore.pgvector:" + schema + "." + space.name());
            lock.execute();
        }
        Optional<SpaceLayout> existing = load(connection, space.name());
        if (existing.isPresent()) {
            EmbeddingSpace e = existing.get().space();
            if (e.dimension() != space.dimension() || e.metric() != space.metric() || e.vectorType() != space.vectorType()) {
                throw new ConflictException("embedding_space.definition", "embedding space '" + space.name()
                        + "' exists with dimension " + e.dimension() + ", metric " + e.metric() + " and type "
                        + e.vectorType() + ", not dimension " + space.dimension() + ", metric " + space.metric()
                        + " and type " + space.vectorType() + "; use a new space name to change the model");
            }
            return false;
        }
        SpaceLayout layout = new SpaceLayout(space, schema, extensionSchema, settings.textSearchConfig(), settings.indexMethod());
        try (Statement statement = connection.createStatement()) {
            for (String ddl : SpaceDdl.tables(layout, settings.rowLevelSecurity())) {
                statement.addBatch(ddl);
            }
            statement.executeBatch();
        }
        if (settings.annIndexOnCreate()) {
            buildAnnIndexes(connection, layout);
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + registry + " (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, space.name());
            insert.setString(2, space.model());
            insert.setInt(3, space.dimension());
            insert.setString(4, space.metric().name());
            insert.setString(5, space.vectorType().name());
            insert.setString(6, settings.textSearchConfig());
            insert.setString(7, settings.indexMethod().name());
            insert.executeUpdate();
        }
        LOG.info("pgvector space '{}' created in schema '{}' ({} dimensions, {}, {}, {} index)", space.name(), schema,
                space.dimension(), space.metric(), space.vectorType(),
                settings.annIndexOnCreate() ? settings.indexMethod() : "no");
        return true;
    }

    /** Creates the ANN indexes of {@code layout} if they are missing, with this index's method and parameters. */
    public void buildAnnIndexes(Connection connection, SpaceLayout layout) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            if (settings.maintenanceWorkMem() != null) {
                // validated by the builder: digits and a unit
                statement.execute("SET LOCAL maintenance_work_mem = '" + settings.maintenanceWorkMem() + "'");
            }
            for (String ddl : SpaceDdl.annIndexes(layout, settings)) {
                statement.execute(ddl);
            }
        }
    }

    /** Remembers a layout read or created in a transaction that committed. */
    public void remember(SpaceLayout layout) {
        known.putIfAbsent(layout.space().name(), layout);
    }

    /**
     * The layout of space {@code name}, from the cache or the registry.
     *
     * @throws NotFoundException if no such space was created
     */
    public SpaceLayout require(Handle handle, String name) throws SQLException {
        return find(handle, name).orElseThrow(() -> new NotFoundException("embedding space", name));
    }

    /** The layout of space {@code name}, or empty when it was never created. */
    public Optional<SpaceLayout> find(Handle handle, String name) throws SQLException {
        SpaceLayout cached = known.get(name);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<SpaceLayout> loaded = load(handle.getConnection(), name);
        loaded.ifPresent(this::remember);
        return loaded;
    }

    /** The cached layout of {@code name}, without a database round trip, or empty. */
    public Optional<SpaceLayout> cached(String name) {
        return Optional.ofNullable(known.get(name));
    }

    /** Every space of the schema, read from the registry. */
    public List<SpaceLayout> all(Handle handle) throws SQLException {
        List<SpaceLayout> layouts = new ArrayList<>();
        try (PreparedStatement select = handle.getConnection().prepareStatement("SELECT " + COLUMNS + " FROM " + registry
                + " ORDER BY name");
             ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                layouts.add(layout(rs));
            }
        }
        layouts.forEach(this::remember);
        return layouts;
    }

    private Optional<SpaceLayout> load(Connection connection, String name) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM " + registry
                + " WHERE name = ?")) {
            select.setString(1, name);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(layout(rs)) : Optional.empty();
            }
        }
    }

    private SpaceLayout layout(ResultSet rs) throws SQLException {
        EmbeddingSpace space = new EmbeddingSpace(rs.getString("name"), rs.getString("model"), rs.getInt("dimension"),
                DistanceMetric.valueOf(rs.getString("metric")), VectorType.valueOf(rs.getString("vector_type")));
        String textSearchConfig = rs.getString("text_search_config");
        // spliced into keyword search SQL as a regconfig literal: a registry row is data, so it is checked like input
        if (textSearchConfig == null || !TEXT_SEARCH_CONFIG.matcher(textSearchConfig).matches()) {
            throw new StoreUnavailableException("postgresql", false, "space " + space.name() + " of the registry "
                    + schema + ".pgvector_spaces has an invalid text_search_config (must match "
                    + TEXT_SEARCH_CONFIG.pattern() + "): repair the row", null);
        }
        return new SpaceLayout(space, schema, extensionSchema, textSearchConfig, IndexMethod.valueOf(rs.getString("index_method")));
    }

    /** What a text search configuration name may be (as {@code PgVectorOptions.Builder.textSearchConfig} checks it). */
    private static final java.util.regex.Pattern TEXT_SEARCH_CONFIG = java.util.regex.Pattern.compile("[a-z_][a-z0-9_]{0,62}");
}
