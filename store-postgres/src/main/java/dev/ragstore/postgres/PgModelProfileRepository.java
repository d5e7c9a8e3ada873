package dev.ragstore.postgres;

import dev.ragstore.core.document.Document;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.model.ModelProfile;
import dev.ragstore.core.model.ModelProfileId;
import dev.ragstore.core.model.ModelProfileRepository;
import dev.ragstore.core.page.Page;
import dev.ragstore.core.page.PageRequest;
import dev.ragstore.core.user.UserId;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.ragstore.postgres.internal.PgHints;
import dev.ragstore.postgres.internal.PgKeyset;

import static dev.ragstore.postgres.internal.PgRows.timestamp;

/** Model profiles on PostgreSQL (API keys stored sealed, as {@code bytea}); every call runs in the owner's scope. */
final class PgModelProfileRepository implements ModelProfileRepository {

    private static final String COLUMNS = "id, owner_id, name, endpoint, sealed_api_key, description, status, "
            + "knowledge_base_ids, created_at, updated_at";

    private final PgContext context;
    private final PgKnowledgeBaseReferences references;
    private final String insert;
    private final String findById;
    private final String list;
    private final String update;
    private final String delete;
    private final String replaceKey;
    private final String link;
    private final String unlink;
    private final PgKeyset linkedDocuments;
    private final String linkedProfiles;

    PgModelProfileRepository(PgContext context) {
        this.context = context;
        this.references = new PgKnowledgeBaseReferences(context);
        this.insert = context.sql("INSERT INTO {schema}.model_profiles (" + COLUMNS + ") VALUES (:id, :owner, :name, "
                + ":endpoint, :sealedApiKey, :description, :status, :knowledgeBases, :createdAt, :updatedAt) RETURNING " + COLUMNS);
        this.findById = context.sql("SELECT " + COLUMNS + " FROM {schema}.model_profiles WHERE owner_id = :owner AND id = :id");
        this.list = context.sql("SELECT " + COLUMNS + " FROM {schema}.model_profiles WHERE owner_id = :owner ORDER BY id");
        this.update = context.sql("UPDATE {schema}.model_profiles SET name = :name, endpoint = :endpoint, "
                + "description = :description, status = :status, "
                + "knowledge_base_ids = :knowledgeBases, updated_at = :updatedAt WHERE owner_id = :owner AND id = :id "
                + "RETURNING " + COLUMNS);
        this.delete = context.sql("DELETE FROM {schema}.model_profiles WHERE owner_id = :owner AND id = :id");
        // writes the new ciphertext over the old one and nothing else
        this.replaceKey = context.sql("UPDATE {schema}.model_profiles SET sealed_api_key = :sealedApiKey, updated_at = :at "
                + "WHERE owner_id = :owner AND id = :id RETURNING " + COLUMNS);
        this.link = context.sql("WITH profile AS (SELECT id FROM {schema}.model_profiles WHERE owner_id = :owner AND id = :profile), "
                + "document AS (SELECT id FROM {schema}.documents WHERE owner_id = :owner AND id = :document), "
                + "linked AS (INSERT INTO {schema}.model_profile_documents (owner_id, model_profile_id, document_id, created_at) "
                + "SELECT :owner, p.id, d.id, :at FROM profile p CROSS JOIN document d ON CONFLICT DO NOTHING RETURNING 1) "
                + "SELECT EXISTS (SELECT 1 FROM profile) AS profile, EXISTS (SELECT 1 FROM document) AS document, "
                + "EXISTS (SELECT 1 FROM linked) AS linked");
        this.unlink = context.sql("DELETE FROM {schema}.model_profile_documents WHERE owner_id = :owner "
                + "AND model_profile_id = :profile AND document_id = :document");
        this.linkedDocuments = new PgKeyset(context.sql("SELECT " + prefixed("d.", PgDocumentRepository.COLUMNS)
                + " FROM {schema}.model_profile_documents l JOIN {schema}.documents d ON d.owner_id = l.owner_id "
                + "AND d.id = l.document_id WHERE l.owner_id = :owner AND l.model_profile_id = :profile "
                + "AND EXISTS (SELECT 1 FROM {schema}.knowledge_bases k WHERE k.owner_id = d.owner_id "
                + "AND k.id = d.knowledge_base_id AND k.deleted_at IS NULL)"), "l.document_id");
        this.linkedProfiles = context.sql("SELECT " + prefixed("p.", COLUMNS) + " FROM {schema}.model_profile_documents l "
                + "JOIN {schema}.model_profiles p ON p.owner_id = l.owner_id AND p.id = l.model_profile_id "
                + "WHERE l.owner_id = :owner AND l.document_id = :document ORDER BY p.id");
    }

    @Override
    public ModelProfile insert(ModelProfile profile) {
        Objects.requireNonNull(profile, "profile");
        PgHints hints = PgHints.none().with("id", profile.id()).with("name", profile.name());
        return context.tx().owner(profile.ownerId(), hints, h -> {
            ModelProfile stored = h.createQuery(insert)
                    .bind("id", profile.id().value())
                    .bind("owner", profile.ownerId().value())
                    .bind("name", profile.name())
                    .bind("endpoint", profile.endpoint())
                    .bind("sealedApiKey", profile.sealedApiKey())
                    .bind("description", profile.description())
                    .bind("status", profile.status().name())
                    .bind("knowledgeBases", PgKnowledgeBaseReferences.array(profile.knowledgeBaseIds()))
                    .bindByType("createdAt", timestamp(profile.createdAt()), OffsetDateTime.class)
                    .bindByType("updatedAt", timestamp(profile.updatedAt()), OffsetDateTime.class)
                    .map((rs, ctx) -> context.rows().modelProfile(rs)).one();
            references.requireAll(h, profile.ownerId(), profile.knowledgeBaseIds());
            return stored;
        });
    }

    @Override
    public Optional<ModelProfile> findById(UserId owner, ModelProfileId id) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(id, "id");
        return context.tx().owner(owner, h -> h.createQuery(findById).bind("owner", owner.value()).bind("id", id.value())
                .map((rs, ctx) -> context.rows().modelProfile(rs)).findOne());
    }

    @Override
    public List<ModelProfile> list(UserId owner) {
        Objects.requireNonNull(owner, "owner");
        return context.tx().owner(owner, h -> h.createQuery(list).bind("owner", owner.value())
                .map((rs, ctx) -> context.rows().modelProfile(rs)).list());
    }

    @Override
    public ModelProfile update(ModelProfile profile) {
        Objects.requireNonNull(profile, "profile");
        return context.tx().owner(profile.ownerId(), PgHints.none().with("name", profile.name()), h -> {
            ModelProfile stored = h.createQuery(update)
                    .bind("id", profile.id().value())
                    .bind("owner", profile.ownerId().value())
                    .bind("name", profile.name())
                    .bind("endpoint", profile.endpoint())
                    .bind("description", profile.description())
                    .bind("status", profile.status().name())
                    .bind("knowledgeBases", PgKnowledgeBaseReferences.array(profile.knowledgeBaseIds()))
                    .bindByType("updatedAt", timestamp(profile.updatedAt()), OffsetDateTime.class)
                    .map((rs, ctx) -> context.rows().modelProfile(rs)).findOne()
                    .orElseThrow(() -> new NotFoundException("model profile", profile.id()));
            references.requireAll(h, profile.ownerId(), profile.knowledgeBaseIds());
            return stored;
        });
    }

    @Override
    public boolean delete(UserId owner, ModelProfileId id) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(id, "id");
        return context.tx().owner(owner, h -> h.createUpdate(delete).bind("owner", owner.value()).bind("id", id.value())
                .execute() > 0);
    }

    @Override
    public Optional<ModelProfile> replaceSealedApiKey(UserId owner, ModelProfileId id, byte[] sealedApiKey, Instant at) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(sealedApiKey, "sealedApiKey");
        Objects.requireNonNull(at, "at");
        return context.tx().owner(owner, h -> h.createQuery(replaceKey).bind("owner", owner.value()).bind("id", id.value())
                .bind("sealedApiKey", sealedApiKey)
                .bindByType("at", timestamp(at), OffsetDateTime.class)
                .map((rs, ctx) -> context.rows().modelProfile(rs)).findOne());
    }

    @Override
    public boolean linkDocument(UserId owner, ModelProfileId profileId, DocumentId documentId, Instant at) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(profileId, "profileId");
        Objects.requireNonNull(documentId, "documentId");
        Objects.requireNonNull(at, "at");
        PgHints hints = PgHints.none().with("modelProfile", profileId).with("document", documentId);
        return context.tx().owner(owner, hints, h -> {
            Map<String, Object> outcome = h.createQuery(link).bind("owner", owner.value())
                    .bind("profile", profileId.value()).bind("document", documentId.value())
                    .bindByType("at", timestamp(at), OffsetDateTime.class)
                    .mapToMap().one();
            if (!Boolean.TRUE.equals(outcome.get("profile"))) {
                throw new NotFoundException("model profile", profileId);
            }
            if (!Boolean.TRUE.equals(outcome.get("document"))) {
                throw new NotFoundException("document", documentId);
            }
            return Boolean.TRUE.equals(outcome.get("linked"));
        });
    }

    @Override
    public boolean unlinkDocument(UserId owner, ModelProfileId profileId, DocumentId documentId) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(profileId, "profileId");
        Objects.requireNonNull(documentId, "documentId");
        return context.tx().owner(owner, h -> h.createUpdate(unlink).bind("owner", owner.value())
                .bind("profile", profileId.value()).bind("document", documentId.value()).execute() > 0);
    }

    @Override
    public Page<Document> linkedDocuments(UserId owner, ModelProfileId profileId, PageRequest page) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(profileId, "profileId");
        Objects.requireNonNull(page, "page");
        List<Document> fetched = context.tx().owner(owner, h -> linkedDocuments.query(h, page)
                .bind("owner", owner.value()).bind("profile", profileId.value())
                .map((rs, ctx) -> context.rows().document(rs)).list());
        return Page.of(fetched, page.limit(), Document::id);
    }

    @Override
    public List<ModelProfile> linkedProfiles(UserId owner, DocumentId documentId) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(documentId, "documentId");
        return context.tx().owner(owner, h -> h.createQuery(linkedProfiles).bind("owner", owner.value())
                .bind("document", documentId.value())
                .map((rs, ctx) -> context.rows().modelProfile(rs)).list());
    }

    private static String prefixed(String prefix, String columns) {
        return prefix + columns.replace(", ", ", " + prefix);
    }
}
