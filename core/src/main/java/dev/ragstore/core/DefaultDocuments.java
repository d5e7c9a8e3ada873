package dev.ragstore.core;

import dev.ragstore.core.chunk.Chunk;
import dev.ragstore.core.document.Document;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.document.DocumentQuery;
import dev.ragstore.core.document.DocumentSource;
import dev.ragstore.core.document.DocumentUpsert;
import dev.ragstore.core.document.Documents;
import dev.ragstore.core.document.IngestListener;
import dev.ragstore.core.document.IngestResult;
import dev.ragstore.core.document.UpsertResult;
import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.filter.Filter;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.page.Page;
import dev.ragstore.core.page.PageRequest;
import dev.ragstore.core.user.UserId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The documents of one user. A soft-deleted knowledge base hides its documents from every call
 * here until it is restored.
 */
final class DefaultDocuments implements Documents {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultDocuments.class);

    private final StoreContext context;
    private final UserId owner;
    private final IngestionPipeline pipeline;
    private final DocumentWrites writes;

    DefaultDocuments(StoreContext context, UserId owner) {
        this.context = context;
        this.owner = owner;
        this.pipeline = new IngestionPipeline(context, owner);
        this.writes = new DocumentWrites(context, owner);
    }

    @Override
    public IngestResult ingest(KnowledgeBaseId knowledgeBaseId, DocumentSource source, IngestListener listener) {
        return pipeline.ingest(knowledgeBaseId, source, listener);
    }

    @Override
    public UpsertResult upsert(KnowledgeBaseId knowledgeBaseId, DocumentUpsert document) {
        return writes.upsert(knowledgeBaseId, document);
    }

    @Override
    public int deleteWhere(KnowledgeBaseId knowledgeBaseId, Filter filter) {
        Objects.requireNonNull(filter, "filter");
        return writes.deleteWhere(Lookups.liveKnowledgeBase(context, owner, knowledgeBaseId), filter);
    }

    @Override
    public Optional<Document> find(DocumentId id) {
        Objects.requireNonNull(id, "id");
        return context.relational().documents().findById(owner, id)
                .filter(document -> liveKnowledgeBase(document).isPresent());
    }

    @Override
    public Page<Document> list(KnowledgeBaseId knowledgeBaseId, PageRequest page) {
        Objects.requireNonNull(knowledgeBaseId, "knowledgeBaseId");
        Objects.requireNonNull(page, "page");
        Lookups.liveKnowledgeBase(context, owner, knowledgeBaseId);
        return context.relational().documents().list(owner, knowledgeBaseId, page);
    }

    @Override
    public Page<Document> list(DocumentQuery query, PageRequest page) {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(page, "page");
        return context.relational().documents().listByOwner(owner, query, page);
    }

    @Override
    public List<Chunk> chunks(DocumentId id) {
        Document document = find(id).orElseThrow(() -> new NotFoundException("document", id));
        return context.relational().chunks().listByDocument(owner, document.id());
    }

    @Override
    public void delete(DocumentId id) {
        Objects.requireNonNull(id, "id");
        Document document = context.relational().documents().findById(owner, id)
                .orElseThrow(() -> new NotFoundException("document", id));
        KnowledgeBase knowledgeBase = liveKnowledgeBase(document).orElseThrow(() -> new NotFoundException("document", id));
        if (!context.relational().documents().delete(owner, id)) {
            throw new NotFoundException("document", id);
        }
        if (!context.vectorIndex().followsRelationalDeletes()) {
            context.vectorIndex().deleteDocument(knowledgeBase.embeddingSpace(), owner, id);
        }
        LOG.debug("Deleted document {} of user {}", id, owner);
    }

    private Optional<KnowledgeBase> liveKnowledgeBase(Document document) {
        return context.relational().knowledgeBases().findById(owner, document.knowledgeBaseId())
                .filter(knowledgeBase -> !knowledgeBase.deleted());
    }
}
