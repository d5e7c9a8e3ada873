package dev.ragstore.bench;

import dev.ragstore.core.chunk.ChunkId;
import dev.ragstore.core.chunk.DistanceMetric;
import dev.ragstore.core.chunk.Embedding;
import dev.ragstore.core.chunk.EmbeddingSpace;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.search.IndexHit;
import dev.ragstore.core.search.IndexQuery;
import dev.ragstore.core.search.IndexedChunk;
import dev.ragstore.core.search.SearchMode;
import dev.ragstore.core.user.UserId;
import dev.ragstore.pgvector.PgVectorIndex;
import dev.ragstore.pgvector.PgVectorOptions;
import dev.ragstore.postgres.PostgresStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** RagStore's pgvector index on its own PostgresStore, driven through the public API. */
final class RagStoreContender implements AutoCloseable {

    static final int BATCH = 1_000;
    static final Instant CREATED = Instant.parse("2024-05-01T10:00:00Z");

    private final PostgresStore store;
    private final PgVectorIndex index;

    RagStoreContender(BenchConfig config, String schema, int poolSize) {
        this.store = PostgresStore.builder().jdbcUrl(config.baseUrl()).username(config.user()).password(config.password())
                .schema(schema).maximumPoolSize(poolSize).poolName("bench")
                .install(PgVectorIndex.extension(PgVectorOptions.builder().annIndexOnCreate(false).maintenanceWorkMem("1GB")
                        .textSearchConfig(config.textSearchConfig()).efSearch(config.efSearch()).build()))
                .build();
        this.index = PgVectorIndex.of(store);
    }

    void createSpace(String name, int dimension) {
        index.createSpace(EmbeddingSpace.of(name, "synthetic", dimension, DistanceMetric.COSINE));
    }

    /** The rows {@code from..to} of {@code data} as chunks, owner and knowledge base by the row's owner class. */
    static List<IndexedChunk> chunks(Dataset data, UUID[] owners, int from, int to) {
        List<IndexedChunk> chunks = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            UUID owner = owners[data.owners[i]];
            chunks.add(new IndexedChunk(new ChunkId(data.ids[i]), new UserId(owner), knowledgeBase(owner),
                    new DocumentId(owner), i, null, "text/plain", data.texts[i], Map.of("user_id", owner.toString()),
                    CREATED, List.of(Embedding.of(data.vectors[i]))));
        }
        return chunks;
    }

    /** The knowledge base of an owner: derived from its id, one per owner. */
    static KnowledgeBaseId knowledgeBase(UUID owner) {
        return new KnowledgeBaseId(new UUID(owner.getLeastSignificantBits(), owner.getMostSignificantBits()));
    }

    /** Upserts {@code chunks} in batches; returns milliseconds. */
    double ingest(String space, List<IndexedChunk> chunks) {
        long start = System.nanoTime();
        for (int i = 0; i < chunks.size(); i += BATCH) {
            index.upsert(space, chunks.subList(i, Math.min(chunks.size(), i + BATCH)));
        }
        return Stats.millisSince(start);
    }

    /** Builds the space's ANN indexes; returns milliseconds. */
    double buildIndex(String space) {
        long start = System.nanoTime();
        index.buildAnnIndexes(space);
        return Stats.millisSince(start);
    }

    List<UUID> search(String space, float[] vector, int k, UUID owner) {
        return ids(index.search(query(space, SearchMode.VECTOR, null, vector, k, owner)));
    }

    List<UUID> hybrid(String space, String text, float[] vector, int k, UUID owner) {
        return ids(index.search(query(space, SearchMode.HYBRID, text, vector, k, owner)));
    }

    String explain(String space, float[] vector, int k, UUID owner) {
        return index.explain(query(space, SearchMode.VECTOR, null, vector, k, owner));
    }

    String explainHybrid(String space, String text, float[] vector, int k, UUID owner) {
        return index.explain(query(space, SearchMode.HYBRID, text, vector, k, owner));
    }

    private static IndexQuery query(String space, SearchMode mode, String text, float[] vector, int k, UUID owner) {
        return new IndexQuery(space, new UserId(owner), List.of(knowledgeBase(owner)), mode, text,
                List.of(Embedding.of(vector)), null, k, null);
    }

    private static List<UUID> ids(List<IndexHit> hits) {
        List<UUID> ids = new ArrayList<>(hits.size());
        for (IndexHit hit : hits) {
            ids.add(hit.chunkId().value());
        }
        return ids;
    }

    @Override
    public void close() {
        index.close();
        store.close();
    }
}
