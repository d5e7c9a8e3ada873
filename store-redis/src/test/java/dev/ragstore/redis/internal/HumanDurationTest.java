package dev.ragstore.redis.internal;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class HumanDurationTest {

    @Test
    void rendersTheShortestReadableUnit() {
        assertThat(HumanDuration.format(Duration.ofMillis(300))).isEqualTo("300 ms");
        assertThat(HumanDuration.format(Duration.ofSeconds(1))).isEqualTo("1 s");
        assertThat(HumanDuration.format(Duration.ofMillis(1500))).isEqualTo("1.5 s");
        assertThat(HumanDuration.format(Duration.ofMinutes(10))).isEqualTo("10 min");
        assertThat(HumanDuration.format(Duration.ofMinutes(90))).isEqualTo("1.5 h");
        assertThat(HumanDuration.format(Duration.ofDays(365))).isEqualTo("365 d");
    }
}
