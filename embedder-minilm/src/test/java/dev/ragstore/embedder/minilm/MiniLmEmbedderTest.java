package dev.ragstore.embedder.minilm;

import dev.ragstore.core.RagStore;
import dev.ragstore.core.UserScope;
import dev.ragstore.core.chunk.DistanceMetric;
import dev.ragstore.core.chunk.Embedding;
import dev.ragstore.core.document.DocumentSource;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.search.SearchHit;
import dev.ragstore.core.search.SearchMode;
import dev.ragstore.core.search.SearchRequest;
import dev.ragstore.core.user.NewUser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MiniLmEmbedderTest {

    private static MiniLmEmbedder embedder;

    @BeforeAll
    static void loadModel() {
        embedder = new MiniLmEmbedder();
    }

    @Test
    void declaresTheCosineSpaceOf384Dimensions() {
        assertThat(embedder.space().dimension()).isEqualTo(384);
        assertThat(embedder.space().metric()).isEqualTo(DistanceMetric.COSINE);
        assertThat(embedder.space().model()).isEqualTo("sentence-transformers/all-MiniLM-L6-v2");
        assertThat(embedder.maxBatchSize()).isPositive();
    }

    @Test
    void embedsEachTextInOrderAsAUnitVector() {
        List<Embedding> vectors = embedder.embed(List.of("the cat sat on the mat", "quarterly revenue grew", "   "));

        assertThat(vectors).hasSize(3);
        for (Embedding vector : vectors) {
            assertThat(vector.dimension()).isEqualTo(384);
            assertThat(norm(vector)).isCloseTo(1.0, within(1e-3));
        }
        assertThat(embedder.embed(List.of("quarterly revenue grew")).get(0).toArray())
                .containsExactly(vectors.get(1).toArray(), within(1e-5f));
    }

    @Test
    void similarSentencesAreCloserThanUnrelatedOnes() {
        List<Embedding> vectors = embedder.embed(List.of(
                "How do I reset my password?", "I forgot my password and cannot log in", "The recipe needs two eggs"));

        assertThat(cosine(vectors.get(0), vectors.get(1))).isGreaterThan(cosine(vectors.get(0), vectors.get(2)) + 0.2);
    }

    @Test
    void anEmptyBatchEmbedsToNothing() {
        assertThat(embedder.embed(List.of())).isEmpty();
    }

    @Test
    void vectorSearchInARagStoreFindsTheDocumentByMeaning() {
        try (RagStore store = RagStore.builder().embedder(embedder).build()) {
            UserScope scope = store.forUser(store.admin().createUser(NewUser.of("alice", "correct horse battery")).id());
            KnowledgeBase kb = scope.knowledgeBases().create("docs", "", Map.of());
            scope.documents().ingest(kb.id(), text("pets.md", "Dogs and cats are popular household animals."));
            scope.documents().ingest(kb.id(), text("finance.md", "The company's quarterly earnings exceeded forecasts."));

            List<SearchHit> hits = scope.search(SearchRequest.builder()
                    .text("which animals live with people at home").mode(SearchMode.VECTOR).topK(2).build());

            assertThat(hits).extracting(SearchHit::fileName).containsExactly("pets.md", "finance.md");
        }
    }

    private static DocumentSource text(String name, String content) {
        return DocumentSource.builder(name, "text/markdown", content.getBytes(StandardCharsets.UTF_8)).build();
    }

    private static double norm(Embedding vector) {
        double sum = 0;
        for (float value : vector.toArray()) {
            sum += value * value;
        }
        return Math.sqrt(sum);
    }

    private static double cosine(Embedding a, Embedding b) {
        float[] x = a.toArray();
        float[] y = b.toArray();
        double dot = 0;
        for (int i = 0; i < x.length; i++) {
            dot += x[i] * y[i];
        }
        return dot / (norm(a) * norm(b));
    }
}
