package dev.ragstore.core.document;

import dev.ragstore.core.chunk.ChunkId;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of {@link Documents#upsert}.
 *
 * @param document the stored document ({@code COMPLETED})
 * @param chunkIds the ids of its chunks, in the order of the upsert (the caller's, or minted)
 * @param replaced whether a document with the same id was replaced
 */
public record UpsertResult(Document document, List<ChunkId> chunkIds, boolean replaced) {

    public UpsertResult {
        Objects.requireNonNull(document, "document");
        chunkIds = List.copyOf(chunkIds);
    }
}
