package dev.ragstore.core.document;

import dev.ragstore.core.chat.ChatSessionId;
import dev.ragstore.core.internal.Checks;

import java.util.Map;
import java.util.Objects;

/**
 * The bytes of a file to ingest and what is known about them. Build with {@link #builder}.
 * The bytes are copied in.
 *
 * @param storageUri    where the host keeps the original, or {@code null}
 * @param chatSessionId a chat session to attach the document to, or {@code null}
 */
public record DocumentSource(String fileName, String mimeType, byte[] content, Map<String, Object> metadata,
        String storageUri, ChatSessionId chatSessionId) {

    /** The largest source accepted, in bytes (64 MiB). */
    public static final int MAX_BYTES = 64 * 1024 * 1024;

    public DocumentSource {
        Checks.name("document file name", fileName);
        Checks.name("document mime type", mimeType);
        Objects.requireNonNull(content, "content");
        if (content.length > MAX_BYTES) {
            throw dev.ragstore.core.error.InvalidInputException.of("document content", "must be at most " + MAX_BYTES + " bytes", content.length);
        }
        content = content.clone();
        metadata = Checks.metadata(metadata);
        Checks.optionalText("document storage uri", storageUri, Checks.MAX_DESCRIPTION);
    }

    /** A copy of the bytes. */
    @Override
    public byte[] content() {
        return content.clone();
    }

    public static Builder builder(String fileName, String mimeType, byte[] content) {
        return new Builder(fileName, mimeType, content);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DocumentSource s && fileName.equals(s.fileName) && mimeType.equals(s.mimeType)
                && java.util.Arrays.equals(content, s.content) && metadata.equals(s.metadata)
                && Objects.equals(storageUri, s.storageUri) && Objects.equals(chatSessionId, s.chatSessionId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(fileName, mimeType, java.util.Arrays.hashCode(content));
    }

    @Override
    public String toString() {
        return "DocumentSource[fileName=" + fileName + ", mimeType=" + mimeType + ", bytes=" + content.length + "]";
    }

    /** Collects the optional fields of a {@link DocumentSource}. */
    public static final class Builder {
        private final String fileName;
        private final String mimeType;
        private final byte[] content;
        private Map<String, ?> metadata = Map.of();
        private String storageUri;
        private ChatSessionId chatSessionId;

        private Builder(String fileName, String mimeType, byte[] content) {
            this.fileName = fileName;
            this.mimeType = mimeType;
            this.content = content;
        }

        public Builder metadata(Map<String, ?> metadata) {
            this.metadata = Objects.requireNonNull(metadata, "metadata");
            return this;
        }

        public Builder storageUri(String storageUri) {
            this.storageUri = storageUri;
            return this;
        }

        public Builder chatSession(ChatSessionId chatSessionId) {
            this.chatSessionId = chatSessionId;
            return this;
        }

        @SuppressWarnings("unchecked")
        public DocumentSource build() {
            return new DocumentSource(fileName, mimeType, content, (Map<String, Object>) metadata, storageUri, chatSessionId);
        }
    }
}
