package dev.ragstore.milvus.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ServerFeaturesTest {

    @Test
    void milvusLiteHasBm25ButNoFloat16() {
        ServerFeatures features = ServerFeatures.of("milvus_lite-3.2.2");

        assertThat(features.lite()).isTrue();
        assertThat(features.bm25()).isTrue();
        assertThat(features.float16()).isFalse();
        assertThat(features.limitations()).anyMatch(note -> note.contains("Float16Vector"));
    }

    @Test
    void milvusVersionsDecideBm25AndFloat16() {
        assertThat(ServerFeatures.of("v2.5.4")).extracting(ServerFeatures::bm25, ServerFeatures::float16).containsExactly(true, true);
        assertThat(ServerFeatures.of("2.6.0")).extracting(ServerFeatures::bm25, ServerFeatures::float16).containsExactly(true, true);
        assertThat(ServerFeatures.of("v2.4.15")).extracting(ServerFeatures::bm25, ServerFeatures::float16).containsExactly(false, true);
        assertThat(ServerFeatures.of("v2.3.21")).extracting(ServerFeatures::bm25, ServerFeatures::float16).containsExactly(false, false);
    }

    @Test
    void anUnknownVersionIsAssumedCurrentAndSaysSo() {
        ServerFeatures features = ServerFeatures.of("zilliz-serverless");

        assertThat(features.bm25()).isTrue();
        assertThat(features.limitations()).anyMatch(note -> note.contains("not recognized"));
    }
}
