package dev.ragstore.postgres.spi;

import dev.ragstore.core.chunk.Chunk;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.user.UserId;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * A module that lives in a {@code PostgresStore}'s database and transactions (pgvector, the Milvus
 * outbox), installed once with {@code PostgresStore.builder().install(extension)}.
 *
 * <ul>
 *   <li>Its migrations ({@link #migrationLocation()}) run with the store's: one Flyway history
 *       table, one lock. Name them {@code V<store version>_<n>__<description>.sql} (e.g.
 *       {@code V2_1__pgvector_spaces.sql}) so they sort after the store version they need; they may
 *       also run out of order, when an extension is installed on a store that is already newer.
 *       {@code ${schema}} is replaced by the store's schema.</li>
 *   <li>{@link #start(PgHost)} is called once the schema is ready, before {@code build()} returns.</li>
 *   <li>The hooks run inside the store's chunk and delete transactions, after RagStore's own
 *       statements and before the commit: an exception rolls the whole operation back and reaches
 *       the caller (translated like the store's own failures). They are called in installation
 *       order and do nothing unless overridden.</li>
 * </ul>
 *
 * <p>Implementations must be thread-safe.
 */
public interface PgExtension {

    /** A short name for messages and logs, e.g. {@code "pgvector"}; unique among one store's extensions. */
    String name();

    /**
     * The Flyway location of this extension's SQL migrations, e.g.
     * {@code "classpath:db/ragstore-pgvector"}; empty for none.
     */
    default Optional<String> migrationLocation() {
        return Optional.empty();
    }

    /** Tables of the store's schema whose presence shows this extension's migrations were applied. */
    default List<String> requiredTables() {
        return List.of();
    }

    /**
     * Checks the server before the migrations run (admin scope, own transaction), e.g. that a
     * server extension the migrations create is installable, failing with a message that names the
     * fix. Not called when the store is built with {@code migrateOnStart(false)}.
     */
    default void beforeMigrate(PgSession session) throws SQLException {
    }

    /** The store is migrated (or checked) and started; {@code host} runs the extension's work from now on. */
    default void start(PgHost host) {
    }

    /**
     * The chunks of {@code documentId} were replaced by {@code chunks} (possibly empty, in order).
     * Runs in the owner's scope.
     */
    default void chunksReplaced(PgSession session, DocumentId documentId, List<Chunk> chunks) throws SQLException {
    }

    /**
     * Documents of the session's owner were deleted with their chunks: one document, or a deleted
     * chat session's attached documents. Called only when at least one was deleted. Runs in the
     * owner's scope.
     */
    default void documentsDeleted(PgSession session, List<DocumentId> documentIds) throws SQLException {
    }

    /**
     * A knowledge base of the session's owner was purged with its documents ({@code documentIds},
     * possibly empty). Runs in the owner's scope. By default calls {@link #documentsDeleted} when
     * any document was deleted.
     */
    default void knowledgeBaseDeleted(PgSession session, KnowledgeBaseId knowledgeBaseId, List<DocumentId> documentIds)
            throws SQLException {
        if (!documentIds.isEmpty()) {
            documentsDeleted(session, documentIds);
        }
    }

    /** A user was deleted, and with them everything they owned. Runs in the admin scope. */
    default void ownerDeleted(PgSession session, UserId owner) throws SQLException {
    }
}
