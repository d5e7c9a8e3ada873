package dev.ragstore.core.chunk;

import java.util.Objects;

/** A chunk together with the file name and mime type of its document. */
public record SourcedChunk(Chunk chunk, String fileName, String mimeType) {

    public SourcedChunk {
        Objects.requireNonNull(chunk, "chunk");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(mimeType, "mimeType");
    }
}
