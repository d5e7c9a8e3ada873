package dev.ragstore.postgres;

import dev.ragstore.core.chat.ChatSessionId;
import dev.ragstore.core.document.Document;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.document.DocumentQuery;
import dev.ragstore.core.document.DocumentRepository;
import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.filter.Filter;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.page.Page;
import dev.ragstore.core.page.PageRequest;
import dev.ragstore.core.usage.UsageDelta;
import dev.ragstore.core.user.UserId;
import dev.ragstore.postgres.spi.PgScope;
import dev.ragstore.postgres.spi.PgSql;
import dev.ragstore.postgres.spi.SqlFilter;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.SqlStatement;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import dev.ragstore.postgres.internal.PgHints;
import dev.ragstore.postgres.internal.PgKeyset;

import static dev.ragstore.postgres.internal.PgRows.timestamp;

/**
 * Documents on PostgreSQL; every call runs in the owner's scope. The composite foreign keys
 * {@code (knowledge_base_id, owner_id)} and {@code (chat_session_id, owner_id)} refuse a parent of
 * another owner, which reads as not found.
 */
final class PgDocumentRepository implements DocumentRepository {

    static final String COLUMNS = "id, owner_id, knowledge_base_id, chat_session_id, file_name, mime_type, size_bytes, "
            + "pages, content_hash, extracted_text, storage_uri, status, error_message, embedding_model, tokens_used, "
            + "metadata, created_at, updated_at";

    /** The filterable fields of a chunk {@code c} of a document {@code d}, as the vector indexes see them. */
    private static final SqlFilter.Columns CHUNK_FILTER_COLUMNS = SqlFilter.Columns.of("c", "d");

    private final PgContext context;
    private final PgUsageRepository usage;
    private final String insert;
    private final String findExisting;
    private final String parents;
    private final String findById;
    private final PgKeyset list;
    private final Map<String, PgKeyset> listsByOwner = new java.util.concurrent.ConcurrentHashMap<>();
    private final String listBySession;
    private final String update;
    private final String delete;

    PgDocumentRepository(PgContext context, PgUsageRepository usage) {
        this.context = context;
        this.usage = usage;
        // nothing is inserted unless the knowledge base is the owner's; ON CONFLICT finds the bytes already there
        this.insert = context.sql("INSERT INTO {schema}.documents (" + COLUMNS + ") SELECT :id, :owner, :knowledgeBase, "
                + "CAST(:session AS uuid), :fileName, :mimeType, :sizeBytes, :pages, :contentHash, :extractedText, "
                + "CAST(:storageUri AS text), :status, CAST(:errorMessage AS text), CAST(:embeddingModel AS text), :tokensUsed, "
                + "CAST(:metadata AS jsonb), :createdAt, :updatedAt WHERE EXISTS (SELECT 1 FROM {schema}.knowledge_bases "
                + "WHERE owner_id = :owner AND id = :knowledgeBase) "
                + "ON CONFLICT (knowledge_base_id, content_hash) DO NOTHING RETURNING " + COLUMNS);
        this.findExisting = context.sql("SELECT " + COLUMNS + " FROM {schema}.documents WHERE owner_id = :owner "
                + "AND knowledge_base_id = :knowledgeBase AND content_hash = :contentHash");
        this.parents = context.sql("SELECT EXISTS (SELECT 1 FROM {schema}.knowledge_bases WHERE owner_id = :owner "
                + "AND id = :knowledgeBase) AS knowledge_base, EXISTS (SELECT 1 FROM {schema}.chat_sessions "
                + "WHERE owner_id = :owner AND id = :session) AS session");
        this.findById = context.sql("SELECT " + COLUMNS + " FROM {schema}.documents WHERE owner_id = :owner AND id = :id");
        this.list = new PgKeyset(context.sql("SELECT " + COLUMNS + " FROM {schema}.documents WHERE owner_id = :owner "
                + "AND knowledge_base_id = :knowledgeBase"), "id");
        this.listBySession = context.sql("SELECT " + COLUMNS + " FROM {schema}.documents WHERE owner_id = :owner "
                + "AND chat_session_id = :session ORDER BY id");
        this.update = context.sql("UPDATE {schema}.documents SET extracted_text = :extractedText, pages = :pages, "
                + "status = :status, error_message = :errorMessage, embedding_model = :embeddingModel, "
                + "tokens_used = :tokensUsed, metadata = CAST(:metadata AS jsonb), updated_at = :updatedAt "
                + "WHERE owner_id = :owner AND id = :id RETURNING " + COLUMNS);
        this.delete = context.sql("DELETE FROM {schema}.documents WHERE owner_id = :owner AND id = :id");
    }

    @Override
    public DocumentInsert insertIfAbsent(Document document, LocalDate usageDay) {
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(usageDay, "usageDay");
        UserId owner = document.ownerId();
        PgHints hints = PgHints.none().with("id", document.id()).with("knowledgeBase", document.knowledgeBaseId())
                .with("session", document.chatSessionId());
        return context.tx().owner(owner, hints, h -> {
            if (document.chatSessionId() != null) {
                // the session must be the owner's even when the bytes are already there (no insert, no foreign key check)
                requireParents(h, document);
            }
            Optional<Document> created = bindMutable(h.createQuery(insert), document)
                    .bind("knowledgeBase", document.knowledgeBaseId().value())
                    .bindByType("session", document.chatSessionId() == null ? null : document.chatSessionId().value(), UUID.class)
                    .bind("fileName", document.fileName())
                    .bind("mimeType", document.mimeType())
                    .bind("sizeBytes", document.sizeBytes())
                    .bind("contentHash", document.contentHash())
                    .bind("storageUri", document.storageUri())
                    .bindByType("createdAt", timestamp(document.createdAt()), OffsetDateTime.class)
                    .map((rs, ctx) -> context.rows().document(rs)).findOne();
            if (created.isPresent()) {
                usage.add(h, owner, usageDay, UsageDelta.document(0));
                return new DocumentInsert(created.get(), true);
            }
            // the knowledge base holds these bytes already (possibly inserted concurrently, now committed)
            Document existing = h.createQuery(findExisting)
                    .bind("owner", owner.value())
                    .bind("knowledgeBase", document.knowledgeBaseId().value())
                    .bind("contentHash", document.contentHash())
                    .map((rs, ctx) -> context.rows().document(rs)).findOne()
                    .orElseThrow(() -> new NotFoundException("knowledge base", document.knowledgeBaseId()));
            return new DocumentInsert(existing, false);
        });
    }

    @Override
    public Optional<Document> findById(UserId owner, DocumentId id) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(id, "id");
        return context.tx().owner(owner, h -> h.createQuery(findById).bind("owner", owner.value()).bind("id", id.value())
                .map((rs, ctx) -> context.rows().document(rs)).findOne());
    }

    @Override
    public Page<Document> list(UserId owner, KnowledgeBaseId knowledgeBaseId, PageRequest page) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(knowledgeBaseId, "knowledgeBaseId");
        Objects.requireNonNull(page, "page");
        List<Document> fetched = context.tx().owner(owner, h -> list.query(h, page)
                .bind("owner", owner.value())
                .bind("knowledgeBase", knowledgeBaseId.value())
                .map((rs, ctx) -> context.rows().document(rs)).list());
        return Page.of(fetched, page.limit(), Document::id);
    }

    @Override
    public Page<Document> listByOwner(UserId owner, DocumentQuery query, PageRequest page) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(page, "page");
        // one statement per combination of conditions (at most 8), so each is planned on its own
        // owner-leading index (V10) rather than as a generic "(:x IS NULL OR ...)" plan
        String key = (query.mimeType() != null ? "m" : "") + (query.status() != null ? "s" : "")
                + (query.chatSessionId() != null ? "c" : "");
        PgKeyset keyset = listsByOwner.computeIfAbsent(key, k -> new PgKeyset(context.sql("SELECT " + COLUMNS
                + " FROM {schema}.documents d WHERE d.owner_id = :owner"
                + (k.contains("m") ? " AND d.mime_type = :mimeType" : "")
                + (k.contains("s") ? " AND d.status = :status" : "")
                + (k.contains("c") ? " AND d.chat_session_id = :session" : "")
                + " AND EXISTS (SELECT 1 FROM {schema}.knowledge_bases k WHERE k.owner_id = d.owner_id "
                + "AND k.id = d.knowledge_base_id AND k.deleted_at IS NULL)"), "d.id"));
        List<Document> fetched = context.tx().owner(owner, h -> {
            org.jdbi.v3.core.statement.Query statement = keyset.query(h, page).bind("owner", owner.value());
            if (query.mimeType() != null) {
                statement.bind("mimeType", query.mimeType());
            }
            if (query.status() != null) {
                statement.bind("status", query.status().name());
            }
            if (query.chatSessionId() != null) {
                statement.bind("session", query.chatSessionId().value());
            }
            return statement.map((rs, ctx) -> context.rows().document(rs)).list();
        });
        return Page.of(fetched, page.limit(), Document::id);
    }

    @Override
    public List<Document> listBySession(UserId owner, ChatSessionId sessionId) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(sessionId, "sessionId");
        return context.tx().owner(owner, h -> h.createQuery(listBySession).bind("owner", owner.value())
                .bind("session", sessionId.value())
                .map((rs, ctx) -> context.rows().document(rs)).list());
    }

    @Override
    public Document update(Document document) {
        Objects.requireNonNull(document, "document");
        return context.tx().owner(document.ownerId(), h -> bindMutable(h.createQuery(update), document)
                .map((rs, ctx) -> context.rows().document(rs)).findOne()
                .orElseThrow(() -> new NotFoundException("document", document.id())));
    }

    @Override
    public boolean delete(UserId owner, DocumentId id) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(id, "id");
        return context.tx().owner(owner, h -> {
            boolean deleted = h.createUpdate(delete).bind("owner", owner.value()).bind("id", id.value()).execute() > 0;
            if (deleted) {
                context.extensions().documentsDeleted(h, owner, List.of(id));
            }
            return deleted;
        });
    }

    /**
     * One statement in the owner's transaction: the documents with a matching chunk (an
     * {@code EXISTS} over their chunks with the {@link SqlFilter} translation) go with their chunks,
     * then the extensions' hooks drop their vectors before the commit.
     */
    @Override
    public List<DocumentId> deleteWhere(UserId owner, KnowledgeBaseId knowledgeBaseId, Filter filter) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(knowledgeBaseId, "knowledgeBaseId");
        PgSql statement = new PgSql().sql(context.sql("DELETE FROM {schema}.documents d WHERE d.owner_id = "))
                .uuid(owner.value()).sql(" AND d.knowledge_base_id = ").uuid(knowledgeBaseId.value());
        if (filter != null) {
            statement.sql(context.sql(" AND EXISTS (SELECT 1 FROM {schema}.chunks c WHERE c.owner_id = d.owner_id "
                    + "AND c.document_id = d.id AND ")).append(SqlFilter.translate(filter, CHUNK_FILTER_COLUMNS)).sql(")");
        }
        statement.sql(" RETURNING d.id");
        return context.tx().transaction(PgScope.owner(owner), session -> {
            List<DocumentId> deleted = session.query(statement, List.of(), rows -> {
                List<DocumentId> ids = new ArrayList<>();
                while (rows.next()) {
                    ids.add(new DocumentId(rows.getObject(1, UUID.class)));
                }
                return List.copyOf(ids);
            });
            if (!deleted.isEmpty()) {
                context.extensions().documentsDeleted(session.handle(), owner, deleted);
            }
            return deleted;
        });
    }

    private void requireParents(Handle h, Document document) {
        Map<String, Object> found = h.createQuery(parents)
                .bind("owner", document.ownerId().value())
                .bind("knowledgeBase", document.knowledgeBaseId().value())
                .bind("session", document.chatSessionId().value())
                .mapToMap().one();
        if (!Boolean.TRUE.equals(found.get("knowledge_base"))) {
            throw new NotFoundException("knowledge base", document.knowledgeBaseId());
        }
        if (!Boolean.TRUE.equals(found.get("session"))) {
            throw new NotFoundException("chat session", document.chatSessionId());
        }
    }

    /** Binds the id, the owner and the fields {@link #update} replaces. */
    private <S extends SqlStatement<S>> S bindMutable(S statement, Document document) {
        return statement.bind("id", document.id().value())
                .bind("owner", document.ownerId().value())
                .bind("extractedText", document.extractedText())
                .bind("pages", document.pages())
                .bind("status", document.status().name())
                .bind("errorMessage", document.errorMessage())
                .bind("embeddingModel", document.embeddingModel())
                .bind("tokensUsed", document.tokensUsed())
                .bind("metadata", context.json().writeMetadata(document.metadata()))
                .bindByType("updatedAt", timestamp(document.updatedAt()), OffsetDateTime.class);
    }
}
