package dev.ragstore.milvus;

import dev.ragstore.core.UserScope;
import dev.ragstore.core.chunk.Chunk;
import dev.ragstore.core.chunk.ChunkId;
import dev.ragstore.core.chunk.Embedding;
import dev.ragstore.core.document.IngestResult;
import dev.ragstore.core.internal.TimeOrderedIds;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.search.IndexedChunk;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reconcile of a knowledge base larger than one Milvus query (16,384 rows): every id on both sides
 * is compared (issue 18, finding 10). The chunk ids are UUIDv7 as the facade makes them, so they share
 * a long common prefix. Vectors have two dimensions to keep 20,000 rows quick.
 */
class MilvusReconcilePagingIT {

    private static final Duration SYNC = Duration.ofSeconds(300);
    private static final int IN_POSTGRES = 17_000;
    private static final int REMOVED = 300;
    private static final int STRAYS = 3_300;
    /** Time-ordered like the facade's chunk ids: ids made within a minute share their first 8 hex digits. */
    private static final TimeOrderedIds IDS = new TimeOrderedIds();
    private static OutboxRig rig;

    @BeforeAll
    static void start() {
        rig = new OutboxRig("paging", MilvusTestServer.uri(), 2).start(b -> b, b -> b.batchSize(5_000));
    }

    @AfterAll
    static void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void reconcileComparesEveryIdOfAKnowledgeBaseLargerThanOneQuery() {
        UserScope user = rig.newUser();
        KnowledgeBase kb = rig.newKnowledgeBase(user);
        IngestResult ingested = rig.ingest(user, kb, "a small document whose chunks are replaced by many");
        Instant now = Instant.now();
        List<Chunk> chunks = new ArrayList<>(IN_POSTGRES);
        for (int i = 0; i < IN_POSTGRES; i++) {
            String text = "chunk " + i;
            chunks.add(new Chunk(new ChunkId(IDS.next()), user.userId(), kb.id(), ingested.document().id(), i, text,
                    2, 0, text.length(), null, Map.of(), now));
        }
        rig.postgres().chunks().replace(user.userId(), ingested.document().id(), chunks);
        for (int start = 0; start < chunks.size(); start += 1_000) {
            rig.relay().vectorIndex().upsert(rig.space(), indexed(chunks.subList(start, Math.min(chunks.size(), start + 1_000)),
                    i -> vector(i)));
        }
        rig.relay().awaitSync(SYNC);
        assertThat(rig.milvusRows(kb.id().value().toString())).isEqualTo(IN_POSTGRES);

        // drift beyond the first 16,384 ids Milvus would list: 300 chunks missing, 3,300 strays (20,000 rows)
        List<Chunk> strays = new ArrayList<>(STRAYS);
        for (int i = 0; i < STRAYS; i++) {
            strays.add(new Chunk(new ChunkId(IDS.next()), user.userId(), kb.id(), ingested.document().id(),
                    IN_POSTGRES + i, "stray", 1, 0, 5, null, Map.of(), now));
        }
        List<ChunkId> removed = new ArrayList<>(REMOVED);
        for (int i = 0; i < REMOVED; i++) {
            removed.add(chunks.get(i * (IN_POSTGRES / REMOVED)).id());
        }
        try (MilvusVectorIndex direct = MilvusTestServer.builder(rig.prefix()).build()) {
            direct.deleteChunks(rig.space(), user.userId(), removed);
            for (int start = 0; start < strays.size(); start += 1_000) {
                direct.upsert(rig.space(), indexed(strays.subList(start, Math.min(strays.size(), start + 1_000)),
                        i -> vector(-i - 1)));
            }
        }
        assertThat(rig.milvusRows(kb.id().value().toString())).isEqualTo(IN_POSTGRES - REMOVED + STRAYS);

        ReconcileReport repaired = rig.relay().reconcile(user.userId(), kb.id());
        ReconcileReport again = rig.relay().reconcile(user.userId(), kb.id());

        assertThat(repaired.milvusChunks()).as("%s", repaired).isEqualTo(IN_POSTGRES - REMOVED + STRAYS);
        assertThat(repaired.upserted()).as("%s", repaired).isEqualTo(REMOVED);
        assertThat(repaired.deleted()).as("%s", repaired).isEqualTo(STRAYS);
        assertThat(again.driftFree()).as("%s", again).isTrue();
        assertThat(again.milvusChunks()).isEqualTo(IN_POSTGRES);
        assertThat(rig.milvusRows(kb.id().value().toString())).isEqualTo(IN_POSTGRES);
    }

    private static List<IndexedChunk> indexed(List<Chunk> chunks, java.util.function.IntFunction<Embedding> vectors) {
        List<IndexedChunk> indexed = new ArrayList<>(chunks.size());
        for (Chunk chunk : chunks) {
            indexed.add(IndexedChunk.of(chunk, "text/plain", List.of(vectors.apply(chunk.index()))));
        }
        return indexed;
    }

    private static Embedding vector(int i) {
        return Embedding.of(1f, (i % 1_000) / 1_000f + 0.001f);
    }
}
