package dev.ragstore.pgvector.internal;

import dev.ragstore.core.chunk.Chunk;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.user.UserId;
import dev.ragstore.postgres.ChunkWriteListener;
import org.jdbi.v3.core.Handle;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Keeps every space of one schema consistent with store-postgres's chunk writes, inside their
 * transaction: when a document's chunks are replaced, the vectors of chunks no longer in it are
 * deleted (the new vectors are upserted by the caller, in the same transaction when it joins
 * one); when documents or a user are deleted, so are their vectors. Spaces are read from the
 * registry on every call, so spaces created by another process are never missed. Thread-safe.
 */
public final class VectorChunkListener implements ChunkWriteListener {

    private final String schema;
    private final String registry;
    private volatile boolean registryExists;

    public VectorChunkListener(String schema) {
        this.schema = schema;
        this.registry = Identifiers.quote(schema) + "." + VectorMigrations.SPACES_TABLE;
    }

    /** The schema whose spaces this listener maintains. */
    public String schema() {
        return schema;
    }

    @Override
    public void chunksReplaced(Handle handle, UserId owner, DocumentId documentId, List<Chunk> chunks) {
        UUID[] keep = chunks.stream().map(c -> c.id().value()).toArray(UUID[]::new);
        forEachSpace(handle, (connection, layout) ->
                ChunkDeletes.documentExcept(connection, layout, owner.value(), documentId.value(), keep));
    }

    @Override
    public void documentsDeleted(Handle handle, UserId owner, List<DocumentId> documentIds) {
        UUID[] ids = documentIds.stream().map(DocumentId::value).toArray(UUID[]::new);
        forEachSpace(handle, (connection, layout) -> ChunkDeletes.documents(connection, layout, owner.value(), ids));
    }

    @Override
    public void ownerDeleted(Handle handle, UserId owner) {
        forEachSpace(handle, (connection, layout) -> ChunkDeletes.owner(connection, layout, owner.value()));
    }

    private void forEachSpace(Handle handle, SpaceAction action) {
        SqlWork.unchecked(h -> {
            Connection connection = h.getConnection();
            for (SpaceTables layout : spaces(connection)) {
                action.apply(connection, layout);
            }
            return null;
        }).apply(handle);
    }

    private List<SpaceTables> spaces(Connection connection) throws SQLException {
        if (!registryExists) {
            try (PreparedStatement exists = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
                exists.setString(1, registry);
                try (ResultSet rs = exists.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        // the index was never started on this schema: no vectors to keep consistent
                        return List.of();
                    }
                }
            }
            registryExists = true;
        }
        List<SpaceTables> layouts = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT name FROM " + registry);
             ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                layouts.add(new SpaceTables(schema, rs.getString(1)));
            }
        }
        return layouts;
    }

    @FunctionalInterface
    private interface SpaceAction {
        void apply(Connection connection, SpaceTables layout) throws SQLException;
    }
}
