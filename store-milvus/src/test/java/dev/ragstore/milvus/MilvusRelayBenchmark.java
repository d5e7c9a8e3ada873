package dev.ragstore.milvus;

import com.google.gson.JsonObject;
import dev.ragstore.core.UserScope;
import dev.ragstore.core.chunk.ChunkId;
import dev.ragstore.core.chunk.DistanceMetric;
import dev.ragstore.core.chunk.Embedding;
import dev.ragstore.core.chunk.EmbeddingSpace;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.search.IndexQuery;
import dev.ragstore.core.search.IndexedChunk;
import dev.ragstore.core.search.SearchMode;
import dev.ragstore.core.search.SearchRequest;
import dev.ragstore.core.user.UserId;
import dev.ragstore.milvus.internal.MilvusFilter;
import dev.ragstore.milvus.internal.RowEncoder;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.UpsertReq;
import io.milvus.v2.service.vector.request.data.FloatVec;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Measures the adapter against the raw SDK on the same server, in the same run (a harness, not a
 * test: it asserts nothing). Milvus Lite is not a performance reference; compare the ratios.
 *
 * <pre>
 * mvn -B -o -f store-milvus/pom.xml test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.ragstore.milvus.MilvusRelayBenchmark [-Dbench.rows=5000]
 * </pre>
 */
public final class MilvusRelayBenchmark {

    private static final int DIMENSION = 384;
    private static final int BATCH = 500;

    private MilvusRelayBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = Integer.getInteger("bench.rows", 5_000);
        int searches = Integer.getInteger("bench.searches", 300);
        String uri = MilvusTestServer.uri();
        System.out.printf(Locale.ROOT, "server %s, %d rows of %d dimensions, batches of %d%n", uri, rows, DIMENSION, BATCH);
        try (OutboxRig rig = new OutboxRig("bench", uri, DIMENSION).start(b -> b, b -> b.batchSize(BATCH))) {
            Random random = new Random(42);
            UserId owner = new UserId(UUID.randomUUID());
            KnowledgeBaseId kb = new KnowledgeBaseId(UUID.randomUUID());
            List<IndexedChunk> chunks = new ArrayList<>(rows);
            for (int i = 0; i < rows; i++) {
                chunks.add(new IndexedChunk(new ChunkId(UUID.randomUUID()), owner, kb, new DocumentId(UUID.randomUUID()), i, 1 + i % 20,
                        "text/plain", "chunk " + i + " about granite fjords and quick foxes " + "lorem ipsum ".repeat(40),
                        Map.of("lang", i % 2 == 0 ? "en" : "de", "year", 2000L + i % 25), Instant.now(),
                        List.of(Embedding.of(vector(random)))));
            }
            ingest(rig, uri, chunks);
            search(rig, uri, owner, kb, searches, random);
            lag(rig);
        }
    }

    /** Direct SDK upsert, adapter upsert, and the relay draining PostgreSQL into Milvus. */
    private static void ingest(OutboxRig rig, String uri, List<IndexedChunk> chunks) throws Exception {
        try (MilvusVectorIndex index = MilvusTestServer.builder(rig.prefix()).build()) {
            EmbeddingSpace raw = EmbeddingSpace.of("bench_raw", "m", DIMENSION, DistanceMetric.COSINE);
            EmbeddingSpace adapter = EmbeddingSpace.of("bench_adapter", "m", DIMENSION, DistanceMetric.COSINE);
            index.createSpace(raw);
            index.createSpace(adapter);
            // the SDK's rows are built before the clock starts, as a host holding them would have them
            List<List<JsonObject>> sdkBatches = new ArrayList<>();
            for (RowEncoder.Batch batch : RowEncoder.batches(chunks, raw, true, BATCH, Long.MAX_VALUE)) {
                sdkBatches.add(batch.rows());
            }
            MilvusClientV2 client = new MilvusClientV2(ConnectConfig.builder().uri(uri).rpcDeadlineMs(60_000).build());
            try {
                // two rounds, alternating, fresh ids each time; the second round is reported (the first warms up)
                double sdk = 0;
                double direct = 0;
                long start;
                for (int round = 0; round < 2; round++) {
                    List<List<JsonObject>> batches = round == 0 ? sdkBatches : rows(renamed(chunks), raw);
                    start = System.nanoTime();
                    for (List<JsonObject> batch : batches) {
                        client.upsert(UpsertReq.builder().collectionName(rig.prefix() + raw.name()).data(batch).build());
                    }
                    sdk = rate(chunks.size(), start);
                    List<IndexedChunk> fresh = renamed(chunks);
                    start = System.nanoTime();
                    for (int i = 0; i < fresh.size(); i += BATCH) {
                        index.upsert(adapter.name(), fresh.subList(i, Math.min(fresh.size(), i + BATCH)));
                    }
                    direct = rate(chunks.size(), start);
                    System.out.printf(Locale.ROOT, "ingest round %d: SDK upsert %.0f rows/s; MilvusVectorIndex.upsert %.0f rows/s "
                            + "(%.2fx SDK)%n", round + 1, sdk, direct, direct / sdk);
                }

                // relay: the same number of chunks ingested into PostgreSQL while shipping is paused, then drained
                UserScope user = rig.newUser();
                KnowledgeBase kb = rig.newKnowledgeBase(user);
                rig.relay().paused(true);
                int written = 0;
                start = System.nanoTime();
                while (written < chunks.size()) {
                    written += rig.ingest(user, kb, OutboxRig.text(40)).chunks();
                }
                double postgres = rate(written, start);
                start = System.nanoTime();
                rig.relay().paused(false);
                rig.relay().awaitSync(Duration.ofMinutes(10));
                double relay = rate(written, start);
                System.out.printf(Locale.ROOT, "ingest: RagStore ingestion into PostgreSQL (chunk + embed + outbox) %.0f rows/s; "
                        + "relay drain into Milvus %.0f rows/s (%.2fx SDK upsert) for %d rows%n", postgres, relay,
                        relay / sdk, written);
            } finally {
                client.close();
            }
        }
    }

    /** Top-10 filtered vector search: the adapter and the facade against the same SDK call. */
    private static void search(OutboxRig rig, String uri, UserId owner, KnowledgeBaseId kb, int count, Random random) {
        String collection = rig.prefix() + "bench_adapter";
        String filter = MilvusFilter.textEquals(MilvusFilter.OWNER, owner.value().toString()).text() + " and "
                + MilvusFilter.textIn(MilvusFilter.KNOWLEDGE_BASE, List.of(kb.value().toString())).text();
        MilvusClientV2 client = new MilvusClientV2(ConnectConfig.builder().uri(uri).rpcDeadlineMs(60_000).build());
        try (MilvusVectorIndex index = MilvusTestServer.builder(rig.prefix()).build()) {
            long[] sdk = new long[count];
            long[] adapter = new long[count];
            long[] hybrid = new long[count];
            for (int i = -20; i < count; i++) {
                float[] query = vector(random);
                long start = System.nanoTime();
                client.search(SearchReq.builder().collectionName(collection).annsField("dense")
                        .data(List.of(new FloatVec(query))).limit(10).filter(filter).searchParams(Map.of("ef", 64))
                        .outputFields(List.of("chunk_id")).consistencyLevel(ConsistencyLevel.STRONG).build());
                long sdkNanos = System.nanoTime() - start;
                start = System.nanoTime();
                index.search(new IndexQuery("bench_adapter", owner, List.of(kb), SearchMode.VECTOR, null,
                        List.of(Embedding.of(query)), null, 10, null));
                long adapterNanos = System.nanoTime() - start;
                start = System.nanoTime();
                index.search(new IndexQuery("bench_adapter", owner, List.of(kb), SearchMode.HYBRID, "granite fjords",
                        List.of(Embedding.of(query)), null, 10, null));
                long hybridNanos = System.nanoTime() - start;
                if (i >= 0) {
                    sdk[i] = sdkNanos;
                    adapter[i] = adapterNanos;
                    hybrid[i] = hybridNanos;
                }
            }
            UserScope user = rig.newUser();
            KnowledgeBase facadeKb = rig.newKnowledgeBase(user);
            rig.ingest(user, facadeKb, OutboxRig.text(20));
            rig.relay().awaitSync(Duration.ofMinutes(2));
            long[] facade = new long[Math.min(count, 100)];
            for (int i = -10; i < facade.length; i++) {
                long start = System.nanoTime();
                user.search(SearchRequest.builder().text("granite fjords " + i).knowledgeBase(facadeKb.id()).topK(10).build());
                if (i >= 0) {
                    facade[i] = System.nanoTime() - start;
                }
            }
            System.out.printf(Locale.ROOT, "search p50: SDK %.2f ms; MilvusVectorIndex VECTOR %.2f ms (%.2fx SDK); HYBRID %.2f ms "
                    + "(%.2fx SDK, two searches); RagStore facade VECTOR incl. embedding and PostgreSQL join %.2f ms%n",
                    p50(sdk), p50(adapter), p50(adapter) / p50(sdk), p50(hybrid), p50(hybrid) / p50(sdk), p50(facade));
        } finally {
            client.close();
        }
    }

    /** Relay lag while one writer ingests a document every 200 ms for 20 s. */
    private static void lag(OutboxRig rig) throws Exception {
        UserScope user = rig.newUser();
        KnowledgeBase kb = rig.newKnowledgeBase(user);
        AtomicBoolean writing = new AtomicBoolean(true);
        int[] written = new int[1];
        Thread writer = new Thread(() -> {
            long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < end) {
                written[0] += rig.ingest(user, kb, OutboxRig.text(4)).chunks();
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            writing.set(false);
        });
        writer.start();
        List<Long> ages = new ArrayList<>();
        long maxPending = 0;
        while (writing.get()) {
            OutboxBacklog backlog = rig.relay().backlog();
            ages.add(backlog.oldestPendingAge() == null ? 0 : backlog.oldestPendingAge().toMillis());
            maxPending = Math.max(maxPending, backlog.pendingRows());
            Thread.sleep(100);
        }
        writer.join();
        long start = System.nanoTime();
        rig.relay().awaitSync(Duration.ofMinutes(2));
        long drainMillis = (System.nanoTime() - start) / 1_000_000;
        long[] sorted = ages.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(Locale.ROOT, "relay lag under steady ingest (%d chunks in 20 s, %.0f rows/s): oldest pending row "
                        + "p50 %d ms, p95 %d ms, max %d ms; max pending rows %d; drained %d ms after the last write%n",
                written[0], written[0] / 20.0, sorted[sorted.length / 2], sorted[(int) (sorted.length * 0.95)],
                sorted[sorted.length - 1], maxPending, drainMillis);
    }

    private static List<IndexedChunk> renamed(List<IndexedChunk> chunks) {
        List<IndexedChunk> renamed = new ArrayList<>(chunks.size());
        for (IndexedChunk c : chunks) {
            renamed.add(new IndexedChunk(new ChunkId(UUID.randomUUID()), c.ownerId(), c.knowledgeBaseId(), c.documentId(),
                    c.chunkIndex(), c.page(), c.mimeType(), c.text(), c.metadata(), c.createdAt(), c.vectors()));
        }
        return renamed;
    }

    private static List<List<JsonObject>> rows(List<IndexedChunk> chunks, EmbeddingSpace space) {
        List<List<JsonObject>> batches = new ArrayList<>();
        for (RowEncoder.Batch batch : RowEncoder.batches(chunks, space, true, BATCH, Long.MAX_VALUE)) {
            batches.add(batch.rows());
        }
        return batches;
    }

    private static float[] vector(Random random) {
        float[] v = new float[DIMENSION];
        for (int i = 0; i < DIMENSION; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }

    private static double rate(int rows, long start) {
        return rows / ((System.nanoTime() - start) / 1e9);
    }

    private static double p50(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2] / 1e6;
    }
}
