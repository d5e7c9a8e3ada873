package dev.ragstore.core.chat;

import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.internal.Checks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A message to append. Build with {@link #builder}.
 *
 * @param parentId       the message this one answers, or {@code null} for a new root
 * @param model          may be {@code null}
 * @param idempotencyKey {@code null}, or a key chosen by the caller (1 to 128 characters of
 *                       {@code [A-Za-z0-9_.:-]}, e.g. a UUID) that makes the append safe to repeat:
 *                       appending again with the same key to the same session returns the message
 *                       stored the first time and changes nothing; see {@link Chats#append}
 * @param metadata       a small JSON map stored with the message ({@link Message#metadata()}; the rules of
 *                       document metadata); empty for none
 */
public record NewMessage(MessageId parentId, MessageRole role, String content, int tokenCount, String model,
        List<Citation> citations, List<DocumentId> attachedDocumentIds, long processingMillis, String idempotencyKey,
        Map<String, Object> metadata) {

    public NewMessage {
        Objects.requireNonNull(role, "role");
        Checks.text("message content", content, Checks.MAX_TEXT);
        Checks.nonNegative("message token count", tokenCount);
        Checks.optionalText("message model", model, Checks.MAX_NAME);
        citations = List.copyOf(Checks.maxSize("message citations", citations, Checks.MAX_IDS));
        attachedDocumentIds = List.copyOf(Checks.maxSize("message attached documents", attachedDocumentIds, Checks.MAX_IDS));
        Checks.nonNegative("message processing millis", processingMillis);
        Checks.optionalIdempotencyKey("message idempotency key", idempotencyKey);
        metadata = Checks.metadata(metadata);
    }

    /** A message without metadata. */
    public NewMessage(MessageId parentId, MessageRole role, String content, int tokenCount, String model,
            List<Citation> citations, List<DocumentId> attachedDocumentIds, long processingMillis, String idempotencyKey) {
        this(parentId, role, content, tokenCount, model, citations, attachedDocumentIds, processingMillis, idempotencyKey,
                Map.of());
    }

    /** A message without an idempotency key (the form before keys existed). */
    public NewMessage(MessageId parentId, MessageRole role, String content, int tokenCount, String model,
            List<Citation> citations, List<DocumentId> attachedDocumentIds, long processingMillis) {
        this(parentId, role, content, tokenCount, model, citations, attachedDocumentIds, processingMillis, null);
    }

    /** This message with {@code idempotencyKey} ({@code null} for none). */
    public NewMessage withIdempotencyKey(String idempotencyKey) {
        return new NewMessage(parentId, role, content, tokenCount, model, citations, attachedDocumentIds, processingMillis,
                idempotencyKey, metadata);
    }

    /**
     * Whether {@code stored} is what appending this message stores: the same parent, role, content,
     * token count, model, citations, attached documents and metadata. The processing time is not compared (a
     * retry may measure it again). Used to tell a repeated append from a reused idempotency key.
     */
    public boolean sameAs(Message stored) {
        Objects.requireNonNull(stored, "stored");
        return Objects.equals(parentId, stored.parentId()) && role == stored.role() && content.equals(stored.content())
                && tokenCount == stored.tokenCount() && Objects.equals(model, stored.model())
                && citations.equals(stored.citations()) && attachedDocumentIds.equals(stored.attachedDocumentIds())
                && metadata.equals(stored.metadata());
    }

    public static Builder builder(MessageRole role, String content) {
        return new Builder(role, content);
    }

    /** A user message with the given token count. */
    public static NewMessage user(MessageId parentId, String content, int tokenCount) {
        return builder(MessageRole.USER, content).parent(parentId).tokenCount(tokenCount).build();
    }

    /** Collects the optional fields of a {@link NewMessage}. */
    public static final class Builder {
        private final MessageRole role;
        private final String content;
        private MessageId parentId;
        private int tokenCount;
        private String model;
        private final List<Citation> citations = new ArrayList<>();
        private final List<DocumentId> attachedDocumentIds = new ArrayList<>();
        private long processingMillis;
        private String idempotencyKey;
        private Map<String, ?> metadata = Map.of();

        private Builder(MessageRole role, String content) {
            this.role = role;
            this.content = content;
        }

        public Builder parent(MessageId parentId) {
            this.parentId = parentId;
            return this;
        }

        public Builder tokenCount(int tokenCount) {
            this.tokenCount = tokenCount;
            return this;
        }

        public Builder model(String model) {
            this.model = model;
            return this;
        }

        public Builder citations(List<Citation> citations) {
            this.citations.clear();
            this.citations.addAll(citations);
            return this;
        }

        public Builder attachedDocuments(List<DocumentId> documentIds) {
            this.attachedDocumentIds.clear();
            this.attachedDocumentIds.addAll(documentIds);
            return this;
        }

        public Builder processingMillis(long processingMillis) {
            this.processingMillis = processingMillis;
            return this;
        }

        /** See {@link NewMessage#idempotencyKey()}; {@code null} (the default) for none. */
        public Builder idempotencyKey(String idempotencyKey) {
            this.idempotencyKey = idempotencyKey;
            return this;
        }

        /** See {@link NewMessage#metadata()}; empty (the default) for none. */
        public Builder metadata(Map<String, ?> metadata) {
            this.metadata = Objects.requireNonNull(metadata, "metadata");
            return this;
        }

        public NewMessage build() {
            return new NewMessage(parentId, role, content, tokenCount, model, citations, attachedDocumentIds, processingMillis,
                    idempotencyKey, Checks.metadata(metadata));
        }
    }
}
