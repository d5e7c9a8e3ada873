package dev.ragstore.pgvector.internal;

/**
 * Conversion of 32-bit floats to IEEE 754 binary16 ({@code halfvec} components) with
 * round-to-nearest-even, the rounding PostgreSQL's pgvector applies to text input, so a value
 * sent in binary equals the same value sent as text.
 */
public final class HalfFloat {

    /** The largest finite half-precision value. */
    public static final float MAX = 65504f;

    private static final int INFINITY_BITS = 0x7c00;

    private HalfFloat() {
    }

    /**
     * The binary16 bits of {@code value}, or {@code -1} when it rounds to an infinity (out of the
     * half-precision range). {@code value} must be finite.
     */
    public static int toBits(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int exponent = ((bits >>> 23) & 0xff) - 127 + 15;
        int mantissa = bits & 0x7fffff;
        if (exponent >= 0x1f) {
            return -1;
        }
        if (exponent <= 0) {
            // Subnormal half (or zero): shift the full 24-bit significand into 10 bits.
            int shift = 14 - exponent;
            if (shift > 24) {
                return sign;
            }
            int significand = mantissa | 0x800000;
            int half = roundShift(significand, shift);
            return sign | half;
        }
        int half = (exponent << 10) | (mantissa >>> 13);
        int rest = mantissa & 0x1fff;
        if (rest > 0x1000 || (rest == 0x1000 && (half & 1) == 1)) {
            half++;
        }
        if (half >= INFINITY_BITS) {
            return -1;
        }
        return sign | half;
    }

    /** The float value of binary16 {@code bits}. */
    public static float toFloat(int bits) {
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0) {
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
    }

    private static int roundShift(int value, int shift) {
        int result = value >>> shift;
        int rest = value & ((1 << shift) - 1);
        int halfway = 1 << (shift - 1);
        if (rest > halfway || (rest == halfway && (result & 1) == 1)) {
            result++;
        }
        return result;
    }
}
