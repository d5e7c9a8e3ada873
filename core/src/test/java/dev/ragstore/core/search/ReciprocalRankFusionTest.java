package dev.ragstore.core.search;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReciprocalRankFusionTest {

    @Test
    void candidateDepthIsFourTimesTopKButAtLeastFifty() {
        assertThat(ReciprocalRankFusion.candidateDepth(1)).isEqualTo(50);
        assertThat(ReciprocalRankFusion.candidateDepth(12)).isEqualTo(50);
        assertThat(ReciprocalRankFusion.candidateDepth(13)).isEqualTo(52);
        assertThat(ReciprocalRankFusion.candidateDepth(100)).isEqualTo(400);
    }

    @Test
    void candidateDepthRejectsATopKBelowOne() {
        assertThatThrownBy(() -> ReciprocalRankFusion.candidateDepth(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("topK must be >= 1, but was 0");
    }
}
