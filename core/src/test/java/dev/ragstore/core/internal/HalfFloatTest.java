package dev.ragstore.core.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class HalfFloatTest {

    @ParameterizedTest(name = "{0} -> 0x{1}")
    @CsvSource({
            "0.0, 0000",
            "-0.0, 8000",
            "1.0, 3c00",
            "-2.0, c000",
            "65504.0, 7bff",
            "0.099975586, 2e66",
            "0.1, 2e66",
            // ties round to even: 1 + 2^-11 between 1 (even) and 1 + 2^-10
            "1.00048828125, 3c00",
            // 1 + 3*2^-11 between 1 + 2^-10 (odd) and 1 + 2^-9 (even)
            "1.00146484375, 3c02",
            // smallest subnormal 2^-24, and ties below it
            "5.9604645E-8, 0001",
            "2.9802322E-8, 0000",
            "8.940697E-8, 0002",
            // largest subnormal and smallest normal
            "6.097555E-5, 03ff",
            "6.1035156E-5, 0400",
            "65519.0, 7bff",
    })
    void givesPgvectorsHalfvecBitsForKnownValues(float value, String hex) {
        assertThat(HalfFloat.fromFloat(value) & 0xffff).isEqualTo(Integer.parseInt(hex, 16));
        assertThat(HalfFloat.fits(value)).isTrue();
    }

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

    @Test
    void valuesThatRoundToInfinityDoNotFit() {
        assertThat(HalfFloat.fits(65520f)).isFalse();
        assertThat(HalfFloat.fits(-1e6f)).isFalse();
        assertThat(HalfFloat.fits(Float.MAX_VALUE)).isFalse();
        assertThat(HalfFloat.fits(Float.NaN)).isFalse();
        assertThat(HalfFloat.isFinite(HalfFloat.fromFloat(-65504f))).isTrue();
    }
}
