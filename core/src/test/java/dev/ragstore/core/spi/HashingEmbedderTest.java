package dev.ragstore.core.spi;

import dev.ragstore.core.chunk.DistanceMetric;
import dev.ragstore.core.chunk.Embedding;
import dev.ragstore.core.chunk.VectorType;
import dev.ragstore.core.error.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class HashingEmbedderTest {

    private final HashingEmbedder embedder = HashingEmbedder.create(384);

    @Test
    void describesItsSpace() {
        assertThat(embedder.space().name()).isEqualTo("hashing_384");
        assertThat(embedder.space().model()).isEqualTo("ragstore-hashing-v1");
        assertThat(embedder.space().dimension()).isEqualTo(384);
        assertThat(embedder.space().metric()).isEqualTo(DistanceMetric.COSINE);
        assertThat(embedder.space().vectorType()).isEqualTo(VectorType.FLOAT32);
        assertThat(embedder.maxBatchSize()).isEqualTo(256);
        assertThat(HashingEmbedder.create(16).space().name()).isEqualTo("hashing_16");
    }

    @Test
    void producesPinnedVectorsSoResultsAreStableAcrossJvmsAndReleases() {
        HashingEmbedder small = HashingEmbedder.create(8);
        assertThat(small.embed(List.of("Hello world")).get(0).toArray()).containsExactly(
                0.0f, 0.0f, -0.16245985f, 0.0f, -0.68819094f, 0.0f, 0.16245985f, -0.68819094f);
        assertThat(small.embed(List.of("naïve café 😀")).get(0).toArray()).containsExactly(
                0.22891273f, 0.0f, -0.28295168f, 0.22891273f, 0.22891273f, 0.7948161f, -0.2559322f, 0.2559322f);
    }

    @Test
    void isDeterministicAcrossInstancesAndCalls() {
        List<String> texts = List.of("alpha beta", "gamma", "", "ünïcødé 中文");
        assertThat(HashingEmbedder.create(384).embed(texts)).isEqualTo(embedder.embed(texts));
        assertThat(embedder.embed(texts)).isEqualTo(embedder.embed(texts));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "hello world", "naïve café 😀 中文文本", "x y z x y z x y z", "1234 5678", "the the the the"})
    void vectorsHaveUnitLength(String text) {
        assertThat(norm(embedder.embed(List.of(text)).get(0))).isCloseTo(1.0, within(1e-5));
    }

    @Test
    void longTextsHaveUnitLengthToo() {
        String text = "retrieval augmented generation with many repeated words ".repeat(20_000);
        assertThat(norm(embedder.embed(List.of(text)).get(0))).isCloseTo(1.0, within(1e-5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\n\t ", "!!! ... ???", "—–·"})
    void textWithoutTokensGetsTheFixedUniformUnitVector(String text) {
        float[] vector = embedder.embed(List.of(text)).get(0).toArray();
        for (float component : vector) {
            assertThat(component).isCloseTo((float) (1 / Math.sqrt(384)), within(1e-7f));
        }
    }

    @Test
    void ignoresCaseAndPunctuation() {
        assertThat(embedder.embed(List.of("Hello, World!")).get(0)).isEqualTo(embedder.embed(List.of("hello world")).get(0));
    }

    @Test
    void similarTextsAreCloserThanUnrelatedOnes() {
        double similar = cosine("the cat sat on the mat", "a cat sat on a mat");
        double unrelated = cosine("the cat sat on the mat", "quantum chromodynamics lecture notes");
        assertThat(similar).isGreaterThan(0.4);
        assertThat(similar).isGreaterThan(unrelated + 0.3);
        assertThat(cosine("the cat sat on the mat", "the cat sat on the mat")).isCloseTo(1.0, within(1e-5));
    }

    @Test
    void morphologicalVariantsAreCloserThanUnrelatedWords() {
        assertThat(cosine("indexing", "indexes")).isGreaterThan(0.2).isGreaterThan(cosine("indexing", "banana") + 0.15);
        assertThat(cosine("embedding vectors", "embedded vector")).isGreaterThan(cosine("embedding vectors", "tax returns"));
    }

    @Test
    void keepsInputOrderAndAcceptsAFullBatch() {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            texts.add("text number " + i);
        }
        List<Embedding> batch = embedder.embed(texts);
        assertThat(batch).hasSize(256);
        assertThat(batch.get(17)).isEqualTo(embedder.embed(List.of("text number 17")).get(0));
        assertThat(embedder.embed(List.of())).isEmpty();
    }

    @Test
    void rejectsBatchesLargerThanTheMaximum() {
        assertThatThrownBy(() -> embedder.embed(Collections.nCopies(257, "x")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("texts must have at most 256 entries per embed call, but was 257");
    }

    @Test
    void rejectsNullTexts() {
        assertThatThrownBy(() -> embedder.embed(java.util.Arrays.asList("a", null)))
                .isInstanceOf(NullPointerException.class).hasMessage("texts[1]");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 16_001})
    void rejectsDimensionsOutOfRange(int dimension) {
        assertThatThrownBy(() -> HashingEmbedder.create(dimension))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("embedding space dimension must be between 1 and 16000")
                .hasMessageContaining("but was " + dimension);
    }

    @Test
    void fmix64MatchesMurmur3ReferenceValues() {
        assertThat(HashingEmbedder.fmix64(0L)).isZero();
        assertThat(HashingEmbedder.fmix64(1L)).isEqualTo(0xb456bcfc34c2cb2cL);
    }

    private double cosine(String a, String b) {
        List<Embedding> vectors = embedder.embed(List.of(a, b));
        double dot = 0;
        for (int i = 0; i < 384; i++) {
            dot += vectors.get(0).get(i) * vectors.get(1).get(i);
        }
        return dot;
    }

    private static double norm(Embedding embedding) {
        double sum = 0;
        for (int i = 0; i < embedding.dimension(); i++) {
            sum += embedding.get(i) * embedding.get(i);
        }
        return Math.sqrt(sum);
    }
}
