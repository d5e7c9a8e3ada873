package dev.ragstore.postgres;

import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.model.ModelProfile;
import dev.ragstore.core.model.ModelProfileId;
import dev.ragstore.core.model.ModelProfileRepository;
import dev.ragstore.core.user.UserId;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.ragstore.postgres.internal.PgHints;

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

    PgModelProfileRepository(PgContext context) {
        this.context = context;
        this.references = new PgKnowledgeBaseReferences(context);
        this.insert = context.sql("INSERT INTO {schema}.model_profiles (" + COLUMNS + ") VALUES (:id, :owner, :name, "
                + ":endpoint, :sealedApiKey, :description, :status, :knowledgeBases, :createdAt, :updatedAt) RETURNING " + COLUMNS);
        this.findById = context.sql("SELECT " + COLUMNS + " FROM {schema}.model_profiles WHERE owner_id = :owner AND id = :id");
        this.list = context.sql("SELECT " + COLUMNS + " FROM {schema}.model_profiles WHERE owner_id = :owner ORDER BY id");
        this.update = context.sql("UPDATE {schema}.model_profiles SET name = :name, endpoint = :endpoint, "
                + "sealed_api_key = :sealedApiKey, description = :description, status = :status, "
                + "knowledge_base_ids = :knowledgeBases, updated_at = :updatedAt WHERE owner_id = :owner AND id = :id "
                + "RETURNING " + COLUMNS);
        this.delete = context.sql("DELETE FROM {schema}.model_profiles WHERE owner_id = :owner AND id = :id");
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
                    .bind("sealedApiKey", profile.sealedApiKey())
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
}
