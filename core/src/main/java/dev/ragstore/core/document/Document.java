package dev.ragstore.core.document;

import dev.ragstore.core.chat.ChatSessionId;
import dev.ragstore.core.internal.Checks;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.user.UserId;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A source file added to a knowledge base. {@code (knowledgeBaseId, contentHash)} is unique:
 * ingesting the same bytes again returns this document. The {@code with...} methods copy it with
 * one of the components ingestion changes; its id, owner, source and creation time have none, since
 * they never change.
 *
 * @param chatSessionId  the chat session the document was attached to, or {@code null}; deleting
 *                       that session deletes the document
 * @param pages          number of pages, or 0 when the format has none
 * @param contentHash    lower-case hex SHA-256 of the source bytes
 * @param extractedText  the text chunks were cut from (empty until extracted)
 * @param storageUri     where the host keeps the original bytes, or {@code null}
 * @param errorMessage   why ingestion failed, or {@code null}
 * @param embeddingModel the model that embedded the chunks, or {@code null} before embedding
 */
public record Document(
        DocumentId id,
        UserId ownerId,
        KnowledgeBaseId knowledgeBaseId,
        ChatSessionId chatSessionId,
        String fileName,
        String mimeType,
        long sizeBytes,
        int pages,
        String contentHash,
        String extractedText,
        String storageUri,
        DocumentStatus status,
        String errorMessage,
        String embeddingModel,
        long tokensUsed,
        Map<String, Object> metadata,
        Instant createdAt,
        Instant updatedAt) {

    public Document {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(knowledgeBaseId, "knowledgeBaseId");
        Checks.name("document file name", fileName);
        Checks.name("document mime type", mimeType);
        Checks.nonNegative("document size", sizeBytes);
        Checks.nonNegative("document pages", pages);
        Objects.requireNonNull(contentHash, "contentHash");
        Checks.text("document extracted text", extractedText, Integer.MAX_VALUE);
        Objects.requireNonNull(status, "status");
        Checks.nonNegative("document tokens used", tokensUsed);
        metadata = Checks.metadata(metadata);
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** A copy with another {@code pages}, checked as the canonical constructor checks it. */
    public Document withPages(int pages) {
        return new Document(id, ownerId, knowledgeBaseId, chatSessionId, fileName, mimeType, sizeBytes, pages,
                contentHash, extractedText, storageUri, status, errorMessage, embeddingModel, tokensUsed, metadata,
                createdAt, updatedAt);
    }

    /** A copy with another {@code extractedText}, checked as the canonical constructor checks it. */
    public Document withExtractedText(String extractedText) {
        return new Document(id, ownerId, knowledgeBaseId, chatSessionId, fileName, mimeType, sizeBytes, pages,
                contentHash, extractedText, storageUri, status, errorMessage, embeddingModel, tokensUsed, metadata,
                createdAt, updatedAt);
    }

    /** A copy with another {@code status}, checked as the canonical constructor checks it. */
    public Document withStatus(DocumentStatus status) {
        return new Document(id, ownerId, knowledgeBaseId, chatSessionId, fileName, mimeType, sizeBytes, pages,
                contentHash, extractedText, storageUri, status, errorMessage, embeddingModel, tokensUsed, metadata,
                createdAt, updatedAt);
    }

    /** A copy with another {@code errorMessage} (may be {@code null}), checked as the canonical constructor checks it. */
    public Document withErrorMessage(String errorMessage) {
        return new Document(id, ownerId, knowledgeBaseId, chatSessionId, fileName, mimeType, sizeBytes, pages,
                contentHash, extractedText, storageUri, status, errorMessage, embeddingModel, tokensUsed, metadata,
                createdAt, updatedAt);
    }

    /** A copy with another {@code embeddingModel} (may be {@code null}), checked as the canonical constructor checks it. */
    public Document withEmbeddingModel(String embeddingModel) {
        return new Document(id, ownerId, knowledgeBaseId, chatSessionId, fileName, mimeType, sizeBytes, pages,
                contentHash, extractedText, storageUri, status, errorMessage, embeddingModel, tokensUsed, metadata,
                createdAt, updatedAt);
    }

    /** A copy with another {@code tokensUsed}, checked as the canonical constructor checks it. */
    public Document withTokensUsed(long tokensUsed) {
        return new Document(id, ownerId, knowledgeBaseId, chatSessionId, fileName, mimeType, sizeBytes, pages,
                contentHash, extractedText, storageUri, status, errorMessage, embeddingModel, tokensUsed, metadata,
                createdAt, updatedAt);
    }

    /** A copy with another {@code metadata}, checked as the canonical constructor checks it. */
    public Document withMetadata(Map<String, Object> metadata) {
        return new Document(id, ownerId, knowledgeBaseId, chatSessionId, fileName, mimeType, sizeBytes, pages,
                contentHash, extractedText, storageUri, status, errorMessage, embeddingModel, tokensUsed, metadata,
                createdAt, updatedAt);
    }

    /** A copy with another {@code updatedAt}, checked as the canonical constructor checks it. */
    public Document withUpdatedAt(Instant updatedAt) {
        return new Document(id, ownerId, knowledgeBaseId, chatSessionId, fileName, mimeType, sizeBytes, pages,
                contentHash, extractedText, storageUri, status, errorMessage, embeddingModel, tokensUsed, metadata,
                createdAt, updatedAt);
    }
}
