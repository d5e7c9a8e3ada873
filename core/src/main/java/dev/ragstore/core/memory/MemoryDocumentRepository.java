package dev.ragstore.core.memory;

import dev.ragstore.core.chat.ChatSessionId;
import dev.ragstore.core.chunk.Chunk;
import dev.ragstore.core.document.Document;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.document.DocumentQuery;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.document.DocumentRepository;
import dev.ragstore.core.error.ConflictException;
import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.filter.BuiltInField;
import dev.ragstore.core.filter.Filter;
import dev.ragstore.core.filter.MetadataField;
import dev.ragstore.core.internal.UuidOrder;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.page.Page;
import dev.ragstore.core.page.PageRequest;
import dev.ragstore.core.usage.UsageDelta;
import dev.ragstore.core.user.UserId;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Documents in memory. The knowledge base (live or soft-deleted) and the chat session, when
 * given, must be the owner's.
 */
final class MemoryDocumentRepository implements DocumentRepository {

    private final MemoryTables tables;
    private final Cascades cascades;

    MemoryDocumentRepository(MemoryTables tables, Cascades cascades) {
        this.tables = tables;
        this.cascades = cascades;
    }

    @Override
    public DocumentInsert insertIfAbsent(Document document, LocalDate usageDay) {
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(usageDay, "usageDay");
        return tables.write(() -> {
            UUID owner = document.ownerId().value();
            UUID knowledgeBase = document.knowledgeBaseId().value();
            if (tables.knowledgeBases.get(owner, knowledgeBase) == null) {
                throw new NotFoundException("knowledge base", document.knowledgeBaseId());
            }
            ChatSessionId session = document.chatSessionId();
            if (session != null && tables.sessions.get(owner, session.value()) == null) {
                throw new NotFoundException("chat session", session);
            }
            Map<String, UUID> byHash = tables.documentIdsByHash.get(knowledgeBase);
            UUID existing = byHash == null ? null : byHash.get(document.contentHash());
            if (existing != null) {
                return new DocumentInsert(tables.documents.get(existing), false);
            }
            if (tables.documents.contains(document.id().value())) {
                throw new ConflictException("document.id.unique", "document id '" + document.id() + "' is already taken");
            }
            tables.insertDocument(document);
            tables.addUsage(document.ownerId(), usageDay, UsageDelta.document(0));
            return new DocumentInsert(document, true);
        });
    }

    @Override
    public Optional<Document> findById(UserId owner, DocumentId id) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(id, "id");
        return tables.read(() -> Optional.ofNullable(tables.documents.get(owner.value(), id.value())));
    }

    @Override
    public Page<Document> list(UserId owner, KnowledgeBaseId knowledgeBaseId, PageRequest page) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(knowledgeBaseId, "knowledgeBaseId");
        Objects.requireNonNull(page, "page");
        return tables.read(() -> {
            NavigableMap<UUID, Document> rows = new TreeMap<>(UuidOrder.UNSIGNED);
            if (tables.knowledgeBases.get(owner.value(), knowledgeBaseId.value()) != null) {
                for (UUID id : tables.documentIdsOf(knowledgeBaseId.value())) {
                    rows.put(id, tables.documents.get(id));
                }
            }
            return Paging.page(rows, page, d -> true, Document::id);
        });
    }

    @Override
    public Page<Document> listByOwner(UserId owner, DocumentQuery query, PageRequest page) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(page, "page");
        return tables.read(() -> Paging.page(tables.documents.ofOwner(owner.value()), page, d -> matches(owner, query, d),
                Document::id));
    }

    private boolean matches(UserId owner, DocumentQuery query, Document document) {
        KnowledgeBase knowledgeBase = tables.knowledgeBases.get(owner.value(), document.knowledgeBaseId().value());
        return knowledgeBase != null && !knowledgeBase.deleted()
                && (query.mimeType() == null || query.mimeType().equals(document.mimeType()))
                && (query.status() == null || query.status() == document.status())
                && (query.chatSessionId() == null || query.chatSessionId().equals(document.chatSessionId()));
    }

    @Override
    public List<Document> listBySession(UserId owner, ChatSessionId sessionId) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(sessionId, "sessionId");
        return tables.read(() -> {
            List<Document> attached = new ArrayList<>();
            for (Document document : tables.documents.ofOwner(owner.value()).values()) {
                if (sessionId.equals(document.chatSessionId())) {
                    attached.add(document);
                }
            }
            return List.copyOf(attached);
        });
    }

    @Override
    public Document update(Document document) {
        Objects.requireNonNull(document, "document");
        return tables.write(() -> {
            Document s = tables.documents.get(document.ownerId().value(), document.id().value());
            if (s == null) {
                throw new NotFoundException("document", document.id());
            }
            Document d = document;
            Document updated = new Document(s.id(), s.ownerId(), s.knowledgeBaseId(), s.chatSessionId(), s.fileName(),
                    s.mimeType(), s.sizeBytes(), d.pages(), s.contentHash(), d.extractedText(), s.storageUri(), d.status(),
                    d.errorMessage(), d.embeddingModel(), d.tokensUsed(), d.metadata(), s.createdAt(), d.updatedAt());
            tables.putDocument(updated);
            return updated;
        });
    }

    @Override
    public List<DocumentId> deleteWhere(UserId owner, KnowledgeBaseId knowledgeBaseId, Filter filter) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(knowledgeBaseId, "knowledgeBaseId");
        return tables.write(() -> {
            List<DocumentId> deleted = new ArrayList<>();
            if (tables.knowledgeBases.get(owner.value(), knowledgeBaseId.value()) == null) {
                return List.of();
            }
            for (UUID id : List.copyOf(tables.documentIdsOf(knowledgeBaseId.value()))) {
                Document document = tables.documents.get(id);
                if (filter == null || tables.chunksOf(id).stream().anyMatch(chunk -> matches(filter, document, chunk))) {
                    cascades.deleteDocument(id);
                    deleted.add(document.id());
                }
            }
            return List.copyOf(deleted);
        });
    }

    /** Whether {@code chunk} of {@code document} satisfies {@code filter}, with the fields an index entry has. */
    private static boolean matches(Filter filter, Document document, Chunk chunk) {
        return FilterEvaluator.matches(filter, field -> {
            if (field instanceof MetadataField m) {
                return chunk.metadata().get(m.key());
            } else if (field == BuiltInField.KNOWLEDGE_BASE) {
                return chunk.knowledgeBaseId().value();
            } else if (field == BuiltInField.DOCUMENT) {
                return chunk.documentId().value();
            } else if (field == BuiltInField.MIME_TYPE) {
                return document.mimeType();
            } else if (field == BuiltInField.PAGE) {
                return chunk.page() == null ? null : Long.valueOf(chunk.page());
            } else if (field == BuiltInField.CREATED_AT) {
                return chunk.createdAt();
            }
            throw new IllegalStateException("unhandled filter field " + field);
        });
    }

    @Override
    public boolean delete(UserId owner, DocumentId id) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(id, "id");
        return tables.write(() -> {
            if (tables.documents.get(owner.value(), id.value()) == null) {
                return false;
            }
            cascades.deleteDocument(id.value());
            return true;
        });
    }
}
