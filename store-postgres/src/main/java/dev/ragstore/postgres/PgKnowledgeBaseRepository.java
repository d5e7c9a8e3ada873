package dev.ragstore.postgres;

import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.knowledge.KnowledgeBaseRepository;
import dev.ragstore.core.knowledge.KnowledgeBaseStats;
import dev.ragstore.core.page.Page;
import dev.ragstore.core.page.PageRequest;
import dev.ragstore.core.user.UserId;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import dev.ragstore.postgres.internal.PgHints;
import dev.ragstore.postgres.internal.PgKeyset;

import static dev.ragstore.postgres.internal.PgRows.timestamp;

/** Knowledge bases on PostgreSQL; every call runs in the owner's scope. */
final class PgKnowledgeBaseRepository implements KnowledgeBaseRepository {

    private static final String COLUMNS =
            "id, owner_id, name, description, embedding_space, metadata, deleted_at, created_at, updated_at";

    private final PgContext context;
    private final String insert;
    private final String findById;
    private final PgKeyset list;
    private final PgKeyset listDeleted;
    private final String update;
    private final String softDelete;
    private final String restore;
    private final String lock;
    private final String documentIds;
    private final String delete;
    private final String detachFromSessions;
    private final String detachFromProfiles;
    private final String stats;

    PgKnowledgeBaseRepository(PgContext context) {
        this.context = context;
        this.insert = context.sql("INSERT INTO {schema}.knowledge_bases (" + COLUMNS + ") VALUES (:id, :owner, :name, "
                + ":description, :embeddingSpace, CAST(:metadata AS jsonb), :deletedAt, :createdAt, :updatedAt) "
                + "RETURNING " + COLUMNS);
        this.findById = context.sql("SELECT " + COLUMNS + " FROM {schema}.knowledge_bases WHERE owner_id = :owner AND id = :id");
        this.list = new PgKeyset(context.sql("SELECT " + COLUMNS + " FROM {schema}.knowledge_bases WHERE owner_id = :owner "
                + "AND (:includeDeleted OR deleted_at IS NULL)"), "id");
        this.listDeleted = new PgKeyset(context.sql("SELECT " + COLUMNS + " FROM {schema}.knowledge_bases "
                + "WHERE owner_id = :owner AND deleted_at IS NOT NULL"), "id");
        // each conditioned on deleted_at, so an update racing a soft delete cannot bring it back
        this.update = context.sql("UPDATE {schema}.knowledge_bases SET name = :name, description = :description, "
                + "metadata = CAST(:metadata AS jsonb), updated_at = :updatedAt "
                + "WHERE owner_id = :owner AND id = :id AND deleted_at IS NULL RETURNING " + COLUMNS);
        this.softDelete = context.sql("UPDATE {schema}.knowledge_bases SET deleted_at = :at, updated_at = :at "
                + "WHERE owner_id = :owner AND id = :id AND deleted_at IS NULL RETURNING " + COLUMNS);
        this.restore = context.sql("UPDATE {schema}.knowledge_bases SET deleted_at = NULL, updated_at = :at "
                + "WHERE owner_id = :owner AND id = :id AND deleted_at IS NOT NULL RETURNING " + COLUMNS);
        // the row lock keeps documents from being added while the knowledge base is purged
        this.lock = context.sql("SELECT id FROM {schema}.knowledge_bases WHERE owner_id = :owner AND id = :id FOR UPDATE");
        this.documentIds = context.sql("SELECT id FROM {schema}.documents WHERE owner_id = :owner "
                + "AND knowledge_base_id = :id ORDER BY id");
        this.delete = context.sql("DELETE FROM {schema}.knowledge_bases WHERE owner_id = :owner AND id = :id");
        this.detachFromSessions = context.sql("UPDATE {schema}.chat_sessions "
                + "SET knowledge_base_ids = array_remove(knowledge_base_ids, :id) "
                + "WHERE owner_id = :owner AND knowledge_base_ids @> ARRAY[:id]");
        this.detachFromProfiles = context.sql("UPDATE {schema}.model_profiles "
                + "SET knowledge_base_ids = array_remove(knowledge_base_ids, :id) "
                + "WHERE owner_id = :owner AND knowledge_base_ids @> ARRAY[:id]");
        this.stats = context.sql("SELECT k.id, d.documents, d.pages, d.bytes, "
                + "(SELECT count(*) FROM {schema}.chunks c WHERE c.knowledge_base_id = k.id AND c.owner_id = k.owner_id) AS chunks "
                + "FROM {schema}.knowledge_bases k CROSS JOIN LATERAL (SELECT count(*) AS documents, "
                + "coalesce(sum(pages), 0) AS pages, coalesce(sum(size_bytes), 0) AS bytes FROM {schema}.documents "
                + "WHERE knowledge_base_id = k.id AND owner_id = k.owner_id) d WHERE k.owner_id = :owner AND k.id = :id");
    }

    @Override
    public KnowledgeBase insert(KnowledgeBase knowledgeBase) {
        Objects.requireNonNull(knowledgeBase, "knowledgeBase");
        PgHints hints = PgHints.none().with("id", knowledgeBase.id()).with("name", knowledgeBase.name());
        return context.tx().owner(knowledgeBase.ownerId(), hints, h -> h.createQuery(insert)
                .bind("id", knowledgeBase.id().value())
                .bind("owner", knowledgeBase.ownerId().value())
                .bind("name", knowledgeBase.name())
                .bind("description", knowledgeBase.description())
                .bind("embeddingSpace", knowledgeBase.embeddingSpace())
                .bind("metadata", context.json().writeMetadata(knowledgeBase.metadata()))
                .bindByType("deletedAt", timestamp(knowledgeBase.deletedAt()), OffsetDateTime.class)
                .bindByType("createdAt", timestamp(knowledgeBase.createdAt()), OffsetDateTime.class)
                .bindByType("updatedAt", timestamp(knowledgeBase.updatedAt()), OffsetDateTime.class)
                .map((rs, ctx) -> context.rows().knowledgeBase(rs)).one());
    }

    @Override
    public Optional<KnowledgeBase> findById(UserId owner, KnowledgeBaseId id) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(id, "id");
        return context.tx().owner(owner, h -> h.createQuery(findById).bind("owner", owner.value()).bind("id", id.value())
                .map((rs, ctx) -> context.rows().knowledgeBase(rs)).findOne());
    }

    @Override
    public Page<KnowledgeBase> list(UserId owner, PageRequest page, boolean includeDeleted) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(page, "page");
        List<KnowledgeBase> fetched = context.tx().owner(owner, h -> list.query(h, page)
                .bind("owner", owner.value())
                .bind("includeDeleted", includeDeleted)
                .map((rs, ctx) -> context.rows().knowledgeBase(rs)).list());
        return Page.of(fetched, page.limit(), KnowledgeBase::id);
    }

    @Override
    public Page<KnowledgeBase> listDeleted(UserId owner, PageRequest page) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(page, "page");
        List<KnowledgeBase> fetched = context.tx().owner(owner, h -> listDeleted.query(h, page)
                .bind("owner", owner.value())
                .map((rs, ctx) -> context.rows().knowledgeBase(rs)).list());
        return Page.of(fetched, page.limit(), KnowledgeBase::id);
    }

    @Override
    public KnowledgeBase update(KnowledgeBase knowledgeBase) {
        Objects.requireNonNull(knowledgeBase, "knowledgeBase");
        PgHints hints = PgHints.none().with("name", knowledgeBase.name());
        return context.tx().owner(knowledgeBase.ownerId(), hints, h -> h.createQuery(update)
                .bind("id", knowledgeBase.id().value())
                .bind("owner", knowledgeBase.ownerId().value())
                .bind("name", knowledgeBase.name())
                .bind("description", knowledgeBase.description())
                .bind("metadata", context.json().writeMetadata(knowledgeBase.metadata()))
                .bindByType("updatedAt", timestamp(knowledgeBase.updatedAt()), OffsetDateTime.class)
                .map((rs, ctx) -> context.rows().knowledgeBase(rs)).findOne()
                .orElseThrow(() -> new NotFoundException("knowledge base", knowledgeBase.id())));
    }

    @Override
    public Optional<KnowledgeBase> softDelete(UserId owner, KnowledgeBaseId id, Instant at) {
        return setDeletedAt(softDelete, owner, id, at);
    }

    @Override
    public Optional<KnowledgeBase> restore(UserId owner, KnowledgeBaseId id, Instant at) {
        return setDeletedAt(restore, owner, id, at);
    }

    private Optional<KnowledgeBase> setDeletedAt(String sql, UserId owner, KnowledgeBaseId id, Instant at) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        return context.tx().owner(owner, h -> h.createQuery(sql).bind("owner", owner.value()).bind("id", id.value())
                .bindByType("at", timestamp(at), OffsetDateTime.class)
                .map((rs, ctx) -> context.rows().knowledgeBase(rs)).findOne());
    }

    @Override
    public boolean delete(UserId owner, KnowledgeBaseId id) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(id, "id");
        return context.tx().owner(owner, h -> {
            if (h.createQuery(lock).bind("owner", owner.value()).bind("id", id.value()).mapTo(UUID.class).findOne().isEmpty()) {
                return false;
            }
            List<DocumentId> documents = h.createQuery(documentIds).bind("owner", owner.value()).bind("id", id.value())
                    .mapTo(UUID.class).map(DocumentId::new).list();
            h.createUpdate(delete).bind("owner", owner.value()).bind("id", id.value()).execute();
            h.createUpdate(detachFromSessions).bind("owner", owner.value()).bind("id", id.value()).execute();
            h.createUpdate(detachFromProfiles).bind("owner", owner.value()).bind("id", id.value()).execute();
            context.extensions().knowledgeBaseDeleted(h, owner, id, documents);
            return true;
        });
    }

    @Override
    public Optional<KnowledgeBaseStats> stats(UserId owner, KnowledgeBaseId id) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(id, "id");
        return context.tx().owner(owner, h -> h.createQuery(stats).bind("owner", owner.value()).bind("id", id.value())
                .map((rs, ctx) -> new KnowledgeBaseStats(id, rs.getLong("documents"), rs.getLong("chunks"),
                        rs.getLong("pages"), rs.getLong("bytes")))
                .findOne());
    }
}
