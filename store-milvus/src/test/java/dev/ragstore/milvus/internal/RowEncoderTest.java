package dev.ragstore.milvus.internal;

import dev.ragstore.core.chunk.ChunkId;
import dev.ragstore.core.chunk.DistanceMetric;
import dev.ragstore.core.chunk.Embedding;
import dev.ragstore.core.chunk.EmbeddingSpace;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.search.IndexedChunk;
import dev.ragstore.core.user.UserId;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RowEncoderTest {

    private static final EmbeddingSpace SPACE = EmbeddingSpace.of("s", "m", 3, DistanceMetric.COSINE);

    @Test
    void rowsCarryEveryFieldOfTheLayout() {
        IndexedChunk chunk = chunk("hello", 7, Embedding.of(1, 2, 3));

        var row = RowEncoder.batches(List.of(chunk), SPACE, true, 10, 1 << 20).get(0).rows().get(0);

        assertThat(row.keySet()).containsExactly("chunk_id", "owner_id", "knowledge_base_id", "document_id", "chunk_index",
                "page", "mime_type", "created_at", "metadata", "text", "dense");
        assertThat(row.get("page").getAsLong()).isEqualTo(7L);
        assertThat(row.get("created_at").getAsLong()).isEqualTo(1_714_557_600_000_001L);
        assertThat(row.get("dense").toString()).isEqualTo("[1.0,2.0,3.0]");
    }

    @Test
    void batchesRespectTheRowLimit() {
        List<IndexedChunk> chunks = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            chunks.add(chunk("c" + i, null, Embedding.of(1, 2, 3)));
        }

        assertThat(RowEncoder.batches(chunks, SPACE, false, 3, 1 << 20)).extracting(b -> b.rows().size())
                .containsExactly(3, 3, 1);
    }

    @Test
    void batchesRespectTheByteLimitButSendALargeRowAlone() {
        String big = "x".repeat(40_000);
        List<IndexedChunk> chunks = List.of(chunk(big, null, Embedding.of(1, 2, 3)), chunk(big, null, Embedding.of(1, 2, 3)),
                chunk("small", null, Embedding.of(1, 2, 3)));

        assertThat(RowEncoder.batches(chunks, SPACE, true, 100, 50_000)).extracting(b -> b.rows().size())
                .containsExactly(1, 2);
    }

    @Test
    void aWrongDimensionAnywhereFailsTheWholeCallBeforeEncoding() {
        List<IndexedChunk> chunks = List.of(chunk("ok", null, Embedding.of(1, 2, 3)), chunk("bad", null, Embedding.of(1, 2)));

        assertThatThrownBy(() -> RowEncoder.batches(chunks, SPACE, true, 10, 1 << 20))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("dimension").hasMessageContaining("3").hasMessageContaining("2");
    }

    @Test
    void multiVectorChunksAreRejectedNamingTheCapability() {
        IndexedChunk chunk = new IndexedChunk(new ChunkId(UUID.randomUUID()), new UserId(UUID.randomUUID()),
                new KnowledgeBaseId(UUID.randomUUID()), new DocumentId(UUID.randomUUID()), 0, null, "text/plain", "t",
                Map.of(), Instant.EPOCH, List.of(Embedding.of(1, 2, 3), Embedding.of(3, 2, 1)));

        assertThatThrownBy(() -> RowEncoder.batches(List.of(chunk), SPACE, true, 10, 1 << 20))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("milvus").hasMessageContaining("multi-vector");
    }

    @Test
    void truncateCutsAtACharacterBoundaryWithinTheByteLimit() {
        String text = "a".repeat(65_534) + "é" + "b";

        String cut = RowEncoder.truncate(text, 65_535);

        assertThat(cut).isEqualTo("a".repeat(65_534));
        assertThat(cut.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(65_535);
        assertThat(RowEncoder.truncate("😀😀", 7)).isEqualTo("😀");
        assertThat(RowEncoder.truncate("short", 65_535)).isEqualTo("short");
    }

    private static IndexedChunk chunk(String text, Integer page, Embedding vector) {
        return new IndexedChunk(new ChunkId(UUID.randomUUID()), new UserId(UUID.randomUUID()),
                new KnowledgeBaseId(UUID.randomUUID()), new DocumentId(UUID.randomUUID()), 0, page, "text/plain", text,
                Map.of("k", "v"), Instant.parse("2024-05-01T10:00:00.000001Z"), List.of(vector));
    }
}
