package dev.ragstore.pgvector.internal;

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
    void roundsToNearestEven(float value, String hex) {
        assertThat(Integer.toHexString(HalfFloat.toBits(value))).isEqualTo(Integer.toHexString(Integer.parseInt(hex, 16)));
    }

    @Test
    void valuesThatRoundToInfinityAreOutOfRange() {
        assertThat(HalfFloat.toBits(65520f)).isEqualTo(-1);
        assertThat(HalfFloat.toBits(-1e6f)).isEqualTo(-1);
        assertThat(HalfFloat.toBits(Float.MAX_VALUE)).isEqualTo(-1);
    }

    @Test
    void everyHalfValueRoundTripsThroughFloat() {
        for (int bits = 0; bits < 0x10000; bits++) {
            int exponent = (bits >>> 10) & 0x1f;
            if (exponent == 0x1f) {
                continue;
            }
            float value = HalfFloat.toFloat(bits);
            int expected = bits == 0x8000 ? 0x8000 : bits;
            assertThat(HalfFloat.toBits(value)).as("bits %04x", bits).isEqualTo(expected);
        }
    }
}
