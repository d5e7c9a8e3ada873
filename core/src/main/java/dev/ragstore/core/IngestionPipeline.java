package dev.ragstore.core;

import dev.ragstore.core.document.Document;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.document.DocumentRepository.DocumentInsert;
import dev.ragstore.core.document.DocumentSource;
import dev.ragstore.core.document.DocumentStatus;
import dev.ragstore.core.document.IngestListener;
import dev.ragstore.core.document.IngestResult;
import dev.ragstore.core.ephemeral.LockGrant;
import dev.ragstore.core.error.ConflictException;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.error.RagStoreException;
import dev.ragstore.core.internal.ContentHash;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.spi.ExtractedText;
import dev.ragstore.core.spi.TextExtractor;
import dev.ragstore.core.user.UserId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Ingestion of one source: validation and extraction before anything is written, de-duplication
 * by content hash (the same bytes with other metadata run again, replacing the metadata of the
 * document and its chunks), then the chunk-embed-store work of {@link IngestionRun} under a lock per
 * document. A failure leaves the document {@code FAILED}; the same source ingested again resumes it.
 */
final class IngestionPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(IngestionPipeline.class);

    /** How long one ingestion may hold its document's lock. */
    static final Duration LOCK_TTL = Duration.ofMinutes(10);
    /** How long a second ingestion of the same document waits for the first. */
    static final Duration LOCK_WAIT = Duration.ofSeconds(30);
    /** The longest error message kept on a failed document, in characters. */
    static final int MAX_ERROR_MESSAGE = 4_000;

    private final StoreContext context;
    private final UserId owner;

    IngestionPipeline(StoreContext context, UserId owner) {
        this.context = context;
        this.owner = owner;
    }

    IngestResult ingest(KnowledgeBaseId knowledgeBaseId, DocumentSource source, IngestListener listener) {
        Objects.requireNonNull(knowledgeBaseId, "knowledgeBaseId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(listener, "listener");
        TextExtractor extractor = extractorFor(source.mimeType());
        KnowledgeBase knowledgeBase = Lookups.requireStoreSpace(context,
                Lookups.liveKnowledgeBase(context, owner, knowledgeBaseId));
        if (source.chatSessionId() != null && context.relational().chats().findSession(owner, source.chatSessionId()).isEmpty()) {
            throw new NotFoundException("chat session", source.chatSessionId());
        }
        byte[] content = source.content();
        // Extracting before the insert rejects unreadable bytes while nothing is written yet.
        ExtractedText extracted = extractor.extract(content, source.mimeType());
        String hash = ContentHash.sha256Hex(content);
        Instant now = context.now();
        Document pending = new Document(new DocumentId(context.ids().next()), owner,
                knowledgeBase.id(), source.chatSessionId(), source.fileName(), source.mimeType(), content.length, 0, hash,
                "", source.storageUri(), DocumentStatus.PENDING, null, null, 0, source.metadata(), now, now);
        DocumentInsert insert = context.relational().documents().insertIfAbsent(pending, context.today());
        Document document = insert.document();
        if (!insert.created() && upToDate(document, source.metadata())) {
            LOG.debug("Document {} ({}) already ingested into knowledge base {}", document.id(), hash, knowledgeBase.id());
            return duplicate(document);
        }
        LOG.debug("Ingesting document {} '{}' ({} bytes, {}) into knowledge base {}: {}", document.id(),
                document.fileName(), content.length, document.mimeType(), knowledgeBase.id(),
                insert.created() ? "new" : "resuming " + document.status());
        return underLock(document, extracted, listener, source.metadata());
    }

    /** A completed document whose metadata is {@code metadata} needs nothing; other metadata is replaced by a new run. */
    private static boolean upToDate(Document document, Map<String, Object> metadata) {
        return document.status() == DocumentStatus.COMPLETED && document.metadata().equals(metadata);
    }

    private IngestResult underLock(Document document, ExtractedText extracted, IngestListener listener,
            Map<String, Object> metadata) {
        String resource = "ingest:" + document.id();
        LockGrant grant;
        try {
            grant = context.ephemeral().locks().tryAcquire(resource, LOCK_TTL, LOCK_WAIT).orElse(null);
        } catch (RuntimeException e) {
            markFailed(document, e);
            throw e;
        }
        if (grant == null) {
            throw new ConflictException("document.ingest.in_progress", "document '" + document.id()
                    + "' is being ingested by another caller (waited " + LOCK_WAIT.toSeconds()
                    + " s for its lock); retry later");
        }
        try {
            // Another caller may have finished (or deleted) the document while this one waited.
            Document current = context.relational().documents().findById(owner, document.id())
                    .orElseThrow(() -> new NotFoundException("document", document.id()));
            if (upToDate(current, metadata)) {
                return duplicate(current);
            }
            if (!current.metadata().equals(metadata)) {
                LOG.debug("Document {}: replacing its metadata and re-running ingestion", current.id());
            }
            try {
                return new IngestionRun(context, owner, current.withMetadata(metadata), extracted, listener).run();
            } catch (RuntimeException | Error e) {
                markFailed(current, e);
                throw e;
            }
        } finally {
            release(grant);
        }
    }

    private TextExtractor extractorFor(String mimeType) {
        for (TextExtractor extractor : context.extractors()) {
            if (extractor.supports(mimeType)) {
                return extractor;
            }
        }
        throw InvalidInputException.of("document mime type",
                "must be one of the supported types (no configured text extractor reads it; add one with RagStore.builder().textExtractor(...))",
                mimeType);
    }

    private IngestResult duplicate(Document document) {
        return new IngestResult(document, true, context.relational().chunks().listByDocument(owner, document.id()).size());
    }

    private void markFailed(Document document, Throwable failure) {
        String message = errorMessage(failure);
        LOG.debug("Ingestion of document {} failed: {}", document.id(), message);
        try {
            context.relational().documents().update(document.withStatus(DocumentStatus.FAILED).withErrorMessage(message)
                    .withUpdatedAt(context.now()));
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
        new JobReporter(context.ephemeral(), "ingest:" + document.id()).fail(message);
    }

    private void release(LockGrant grant) {
        try {
            if (!context.ephemeral().locks().release(grant)) {
                LOG.warn("Lock {} had expired before ingestion released it; raise the lock TTL ({}) for sources this large",
                        grant.resource(), LOCK_TTL);
            }
        } catch (RagStoreException e) {
            LOG.warn("Could not release lock {} (it expires after {}): {}", grant.resource(), LOCK_TTL, e.getMessage());
        }
    }

    /** The failure as a storable message: class and message, without NULs, at most {@value #MAX_ERROR_MESSAGE} characters. */
    static String errorMessage(Throwable failure) {
        String text = failure.getClass().getSimpleName()
                + Optional.ofNullable(failure.getMessage()).map(m -> ": " + m).orElse("");
        text = text.replace("\u0000", "");
        return text.length() <= MAX_ERROR_MESSAGE ? text : text.substring(0, MAX_ERROR_MESSAGE);
    }
}
