package dev.ragstore.core.memory;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HalfFloatTest {

    @Test
    void roundTripsEveryHalfValueExactly() {
        for (int bits = 0; bits <= 0xffff; bits++) {
            short half = (short) bits;
            float value = HalfFloat.toFloat(half);
            if (Float.isNaN(value)) {
                assertThat(Float.isNaN(HalfFloat.toFloat(HalfFloat.fromFloat(value)))).isTrue();
            } else {
                assertThat(HalfFloat.fromFloat(value)).as("half 0x%04x", bits).isEqualTo(half);
            }
        }
    }

    @Test
    void roundsToNearestWithTiesToEven() {
        // Every pair of neighbouring positive finite halves, including subnormals.
        for (int bits = 0; bits < 0x7bff; bits++) {
            float low = HalfFloat.toFloat((short) bits);
            float high = HalfFloat.toFloat((short) (bits + 1));
            float middle = (float) (((double) low + high) / 2);
            short even = (short) ((bits & 1) == 0 ? bits : bits + 1);
            assertThat(HalfFloat.fromFloat(middle)).as("tie above 0x%04x", bits).isEqualTo(even);
            assertThat(HalfFloat.fromFloat(Math.nextDown(middle))).isEqualTo((short) bits);
            assertThat(HalfFloat.fromFloat(Math.nextUp(middle))).isEqualTo((short) (bits + 1));
            assertThat(HalfFloat.fromFloat(-middle)).isEqualTo((short) (even | 0x8000));
        }
    }

    @Test
    void knowsTheKnownValues() {
        assertThat(HalfFloat.round(0.1f)).isEqualTo(0.0999755859375f);
        assertThat(HalfFloat.round(1f / 3)).isEqualTo(0.333251953125f);
        assertThat(HalfFloat.round(65504f)).isEqualTo(65504f);
        assertThat(HalfFloat.round(65519.99f)).isEqualTo(65504f);
        assertThat(HalfFloat.round(65520f)).isInfinite();
        assertThat(HalfFloat.round(0x1p-24f)).isEqualTo(0x1p-24f);
        assertThat(HalfFloat.round(0x1p-25f)).as("tie between 0 and the smallest subnormal").isZero();
        assertThat(HalfFloat.round(Math.nextUp(0x1p-25f))).isEqualTo(0x1p-24f);
        assertThat(HalfFloat.round(1e-10f)).isZero();
        assertThat(Float.floatToRawIntBits(HalfFloat.round(-0f))).isEqualTo(Float.floatToRawIntBits(-0f));
    }
}
