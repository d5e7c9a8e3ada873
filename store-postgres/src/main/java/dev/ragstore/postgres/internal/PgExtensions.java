package dev.ragstore.postgres.internal;

import dev.ragstore.core.chunk.Chunk;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.user.UserId;
import dev.ragstore.postgres.spi.PgExtension;
import dev.ragstore.postgres.spi.PgScope;
import dev.ragstore.postgres.spi.PgSession;
import org.jdbi.v3.core.Handle;

import java.sql.SQLException;
import java.util.List;
import java.util.Objects;

/**
 * The extensions installed on one store, called from its repositories inside their transactions
 * (see {@link PgExtension}): in installation order, each in a session of the transaction's scope,
 * with a {@link SQLException} translated like the store's own failures. Thread-safe.
 */
public final class PgExtensions {

    private final List<PgExtension> installed;
    private final PgTransactions transactions;

    public PgExtensions(List<PgExtension> installed, PgTransactions transactions) {
        this.installed = List.copyOf(installed);
        this.transactions = Objects.requireNonNull(transactions, "transactions");
    }

    /** The installed extensions, in installation order. */
    public List<PgExtension> installed() {
        return installed;
    }

    /** See {@link PgExtension#chunksReplaced}; {@code handle} runs in {@code owner}'s scope. */
    public void chunksReplaced(Handle handle, UserId owner, DocumentId documentId, List<Chunk> chunks) {
        PgSession session = transactions.session(handle, PgScope.owner(owner));
        each(extension -> extension.chunksReplaced(session, documentId, chunks));
    }

    /** See {@link PgExtension#documentsDeleted}; does nothing for an empty list. */
    public void documentsDeleted(Handle handle, UserId owner, List<DocumentId> documentIds) {
        if (documentIds.isEmpty()) {
            return;
        }
        PgSession session = transactions.session(handle, PgScope.owner(owner));
        each(extension -> extension.documentsDeleted(session, documentIds));
    }

    /** See {@link PgExtension#knowledgeBaseDeleted}. */
    public void knowledgeBaseDeleted(Handle handle, UserId owner, KnowledgeBaseId knowledgeBaseId, List<DocumentId> documentIds) {
        PgSession session = transactions.session(handle, PgScope.owner(owner));
        each(extension -> extension.knowledgeBaseDeleted(session, knowledgeBaseId, documentIds));
    }

    /** See {@link PgExtension#ownerDeleted}; {@code handle} runs in the admin scope. */
    public void ownerDeleted(Handle handle, UserId owner) {
        PgSession session = transactions.session(handle, PgScope.admin());
        each(extension -> extension.ownerDeleted(session, owner));
    }

    private void each(Hook hook) {
        for (PgExtension extension : installed) {
            try {
                hook.call(extension);
            } catch (SQLException e) {
                throw transactions.errors().translate(e);
            }
        }
    }

    @FunctionalInterface
    private interface Hook {
        void call(PgExtension extension) throws SQLException;
    }
}
