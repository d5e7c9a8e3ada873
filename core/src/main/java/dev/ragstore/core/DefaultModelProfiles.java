package dev.ragstore.core;

import dev.ragstore.core.document.Document;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.internal.Checks;
import dev.ragstore.core.internal.SecretSealer;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.model.ModelProfile;
import dev.ragstore.core.model.ModelProfileId;
import dev.ragstore.core.model.ModelProfiles;
import dev.ragstore.core.model.ModelStatus;
import dev.ragstore.core.page.Page;
import dev.ragstore.core.page.PageRequest;
import dev.ragstore.core.user.UserId;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The model profiles of one user. API keys are sealed with AES-GCM, bound to the profile's id as
 * associated data, so a sealed key copied onto another profile does not open.
 */
final class DefaultModelProfiles implements ModelProfiles {

    private static final byte[] NO_KEY = new byte[0];
    private static final String NO_SEALER_RULE = "requires a sealing key: configure RagStore.builder().sealingKey(...)";

    private final StoreContext context;
    private final UserId owner;

    DefaultModelProfiles(StoreContext context, UserId owner) {
        this.context = context;
        this.owner = owner;
    }

    @Override
    public ModelProfile create(String name, String endpoint, String apiKey, String description,
            List<KnowledgeBaseId> knowledgeBases) {
        Objects.requireNonNull(knowledgeBases, "knowledgeBases");
        Instant now = context.now();
        ModelProfileId id = new ModelProfileId(context.ids().next());
        // Built once without the key so every other field is checked before the key is touched.
        ModelProfile unsealed = new ModelProfile(id, owner, name, endpoint, NO_KEY, description, ModelStatus.TRAINING,
                List.copyOf(new LinkedHashSet<>(knowledgeBases)), now, now);
        SecretSealer sealer = checkedSealer(apiKey);
        Lookups.liveKnowledgeBaseIds(context, owner, unsealed.knowledgeBaseIds());
        byte[] sealed = sealer == null ? NO_KEY : sealer.seal(apiKey, associatedData(id));
        return context.relational().modelProfiles().insert(unsealed.withSealedApiKey(sealed));
    }

    @Override
    public ModelProfile update(ModelProfileId id, String name, String endpoint, String description,
            List<KnowledgeBaseId> knowledgeBases) {
        Objects.requireNonNull(knowledgeBases, "knowledgeBases");
        ModelProfile current = profile(id);
        ModelProfile updated = current.withName(name).withEndpoint(endpoint).withDescription(description)
                .withKnowledgeBaseIds(List.copyOf(new LinkedHashSet<>(knowledgeBases))).withUpdatedAt(context.now());
        Lookups.liveKnowledgeBaseIds(context, owner, updated.knowledgeBaseIds());
        return context.relational().modelProfiles().update(updated);
    }

    @Override
    public ModelProfile rotateApiKey(ModelProfileId id, String apiKey) {
        Objects.requireNonNull(id, "id");
        SecretSealer sealer = checkedSealer(apiKey);
        profile(id);
        byte[] sealed = sealer == null ? NO_KEY : sealer.seal(apiKey, associatedData(id));
        return context.relational().modelProfiles().replaceSealedApiKey(owner, id, sealed, context.now())
                .orElseThrow(() -> new NotFoundException("model profile", id));
    }

    @Override
    public boolean linkDocument(ModelProfileId id, DocumentId documentId) {
        Objects.requireNonNull(documentId, "documentId");
        profile(id);
        liveDocument(documentId);
        return context.relational().modelProfiles().linkDocument(owner, id, documentId, context.now());
    }

    @Override
    public boolean unlinkDocument(ModelProfileId id, DocumentId documentId) {
        Objects.requireNonNull(documentId, "documentId");
        profile(id);
        return context.relational().modelProfiles().unlinkDocument(owner, id, documentId);
    }

    @Override
    public Page<Document> linkedDocuments(ModelProfileId id, PageRequest page) {
        Objects.requireNonNull(page, "page");
        profile(id);
        return context.relational().modelProfiles().linkedDocuments(owner, id, page);
    }

    @Override
    public List<ModelProfile> linkedProfiles(DocumentId documentId) {
        liveDocument(documentId);
        return context.relational().modelProfiles().linkedProfiles(owner, documentId);
    }

    /** The sealer for {@code apiKey} after checking it, or {@code null} when there is no key. */
    private SecretSealer checkedSealer(String apiKey) {
        if (apiKey == null) {
            return null;
        }
        if (apiKey.isBlank()) {
            throw InvalidInputException.withoutValue("model profile api key", "must not be blank (pass null for none)");
        }
        Checks.text("model profile api key", apiKey, Checks.MAX_DESCRIPTION);
        SecretSealer sealer = context.sealer();
        if (sealer == null) {
            throw InvalidInputException.withoutValue("model profile api key", NO_SEALER_RULE);
        }
        return sealer;
    }

    /** A document of a live knowledge base, or not found. */
    private Document liveDocument(DocumentId documentId) {
        Objects.requireNonNull(documentId, "documentId");
        return context.relational().documents().findById(owner, documentId)
                .filter(document -> context.relational().knowledgeBases().findById(owner, document.knowledgeBaseId())
                        .filter(knowledgeBase -> !knowledgeBase.deleted()).isPresent())
                .orElseThrow(() -> new NotFoundException("document", documentId));
    }

    @Override
    public Optional<ModelProfile> find(ModelProfileId id) {
        Objects.requireNonNull(id, "id");
        return context.relational().modelProfiles().findById(owner, id);
    }

    @Override
    public List<ModelProfile> list() {
        return context.relational().modelProfiles().list(owner);
    }

    @Override
    public ModelProfile setStatus(ModelProfileId id, ModelStatus status) {
        Objects.requireNonNull(status, "status");
        ModelProfile current = profile(id);
        return context.relational().modelProfiles().update(current.withStatus(status).withUpdatedAt(context.now()));
    }

    @Override
    public Optional<String> revealApiKey(ModelProfileId id) {
        ModelProfile profile = profile(id);
        byte[] sealed = profile.sealedApiKey();
        if (sealed.length == 0) {
            return Optional.empty();
        }
        SecretSealer sealer = context.sealer();
        if (sealer == null) {
            throw InvalidInputException.withoutValue("model profile api key", NO_SEALER_RULE);
        }
        return Optional.of(sealer.open(sealed, associatedData(id)));
    }

    @Override
    public void delete(ModelProfileId id) {
        Objects.requireNonNull(id, "id");
        if (!context.relational().modelProfiles().delete(owner, id)) {
            throw new NotFoundException("model profile", id);
        }
    }

    private ModelProfile profile(ModelProfileId id) {
        Objects.requireNonNull(id, "id");
        return context.relational().modelProfiles().findById(owner, id)
                .orElseThrow(() -> new NotFoundException("model profile", id));
    }

    private static byte[] associatedData(ModelProfileId id) {
        return id.value().toString().getBytes(StandardCharsets.UTF_8);
    }
}
