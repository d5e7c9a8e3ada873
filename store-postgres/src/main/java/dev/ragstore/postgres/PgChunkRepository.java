package dev.ragstore.postgres;

import dev.ragstore.core.chunk.Chunk;
import dev.ragstore.core.chunk.ChunkId;
import dev.ragstore.core.chunk.ChunkRepository;
import dev.ragstore.core.chunk.SourcedChunk;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.user.UserId;
import org.jdbi.v3.core.statement.PreparedBatch;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import static dev.ragstore.postgres.internal.PgRows.timestamp;

/**
 * Chunks on PostgreSQL; every call runs in the owner's scope. A replace is one transaction (lock the
 * document, delete its chunks, insert the new ones in one batch, call the
 * extensions' hooks), so readers see the old set or the new one.
 */
final class PgChunkRepository implements ChunkRepository {

    /** The chunk columns, without the generated {@code text_search}. */
    static final String COLUMNS = "id, owner_id, knowledge_base_id, document_id, chunk_index, text, token_count, "
            + "char_start, char_end, page, metadata, created_at, page_breaks";

    private final PgContext context;
    private final String lockDocument;
    private final String deleteChunks;
    private final String insert;
    private final String listByDocument;
    private final String findLive;

    PgChunkRepository(PgContext context) {
        this.context = context;
        this.lockDocument = context.sql("SELECT knowledge_base_id FROM {schema}.documents WHERE owner_id = :owner "
                + "AND id = :id FOR NO KEY UPDATE");
        this.deleteChunks = context.sql("DELETE FROM {schema}.chunks WHERE owner_id = :owner AND document_id = :id");
        this.insert = context.sql("INSERT INTO {schema}.chunks (" + COLUMNS + ") VALUES (:id, :owner, :knowledgeBase, "
                + ":document, :index, :text, :tokenCount, :charStart, :charEnd, :page, CAST(:metadata AS jsonb), :createdAt, "
                + ":pageBreaks)");
        this.listByDocument = context.sql("SELECT " + COLUMNS + " FROM {schema}.chunks WHERE owner_id = :owner "
                + "AND document_id = :id ORDER BY chunk_index");
        this.findLive = context.sql("SELECT c.id, c.owner_id, c.knowledge_base_id, c.document_id, c.chunk_index, c.text, "
                + "c.token_count, c.char_start, c.char_end, c.page, c.metadata, c.created_at, c.page_breaks, d.file_name, d.mime_type "
                + "FROM {schema}.chunks c JOIN {schema}.documents d ON d.id = c.document_id AND d.owner_id = c.owner_id "
                + "JOIN {schema}.knowledge_bases k ON k.id = d.knowledge_base_id AND k.owner_id = d.owner_id "
                + "WHERE c.owner_id = :owner AND c.id = ANY(:ids) AND k.deleted_at IS NULL");
    }

    @Override
    public void replace(UserId owner, DocumentId documentId, List<Chunk> chunks) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(documentId, "documentId");
        List<Chunk> copy = List.copyOf(chunks);
        context.tx().owner(owner, h -> {
            UUID knowledgeBase = h.createQuery(lockDocument).bind("owner", owner.value()).bind("id", documentId.value())
                    .mapTo(UUID.class).findOne()
                    .orElseThrow(() -> new NotFoundException("document", documentId));
            validate(owner, documentId, new KnowledgeBaseId(knowledgeBase), copy);
            h.createUpdate(deleteChunks).bind("owner", owner.value()).bind("id", documentId.value()).execute();
            if (!copy.isEmpty()) {
                PreparedBatch batch = h.prepareBatch(insert);
                for (Chunk chunk : copy) {
                    batch.bind("id", chunk.id().value())
                            .bind("owner", owner.value())
                            .bind("knowledgeBase", knowledgeBase)
                            .bind("document", documentId.value())
                            .bind("index", chunk.index())
                            .bind("text", chunk.text())
                            .bind("tokenCount", chunk.tokenCount())
                            .bind("charStart", chunk.charStart())
                            .bind("charEnd", chunk.charEnd())
                            .bindByType("page", chunk.page(), Integer.class)
                            .bind("metadata", context.json().writeMetadata(chunk.metadata()))
                            .bindByType("createdAt", timestamp(chunk.createdAt()), OffsetDateTime.class)
                            .bind("pageBreaks", chunk.pageBreaks().toArray(Integer[]::new))
                            .add();
                }
                batch.execute();
            }
            context.extensions().chunksReplaced(h, owner, documentId, copy);
            return null;
        });
    }

    @Override
    public List<Chunk> listByDocument(UserId owner, DocumentId documentId) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(documentId, "documentId");
        return context.tx().owner(owner, h -> h.createQuery(listByDocument).bind("owner", owner.value())
                .bind("id", documentId.value())
                .map((rs, ctx) -> context.rows().chunk(rs)).list());
    }

    @Override
    public List<SourcedChunk> findLive(UserId owner, Collection<ChunkId> ids) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(ids, "ids");
        if (ids.isEmpty()) {
            return List.of();
        }
        UUID[] values = ids.stream().map(ChunkId::value).distinct().toArray(UUID[]::new);
        return context.tx().owner(owner, h -> h.createQuery(findLive).bind("owner", owner.value()).bind("ids", values)
                .map((rs, ctx) -> new SourcedChunk(context.rows().chunk(rs), rs.getString("file_name"),
                        rs.getString("mime_type")))
                .list());
    }

    /** Every chunk must be the document's, with distinct indexes and ids; checked before anything is written. */
    private static void validate(UserId owner, DocumentId documentId, KnowledgeBaseId knowledgeBase, List<Chunk> chunks) {
        Set<Integer> indexes = new HashSet<>();
        Set<ChunkId> ids = new HashSet<>();
        for (Chunk chunk : chunks) {
            if (!chunk.ownerId().equals(owner)) {
                throw InvalidInputException.of("chunk owner", "must be the document's owner " + owner, chunk.ownerId());
            }
            if (!chunk.documentId().equals(documentId)) {
                throw InvalidInputException.of("chunk document", "must be document " + documentId, chunk.documentId());
            }
            if (!chunk.knowledgeBaseId().equals(knowledgeBase)) {
                throw InvalidInputException.of("chunk knowledge base", "must be the document's knowledge base "
                        + knowledgeBase, chunk.knowledgeBaseId());
            }
            if (!indexes.add(chunk.index())) {
                throw InvalidInputException.of("chunk index", "must be unique within the document", chunk.index());
            }
            if (!ids.add(chunk.id())) {
                throw InvalidInputException.of("chunk id", "must be unique within the batch", chunk.id());
            }
        }
    }
}
