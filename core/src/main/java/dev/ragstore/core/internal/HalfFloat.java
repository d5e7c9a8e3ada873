package dev.ragstore.core.internal;

/**
 * IEEE 754 binary16 ("half") conversion with round-to-nearest-even, as
 * {@code Float.floatToFloat16} does from Java 20 on. It is the rounding pgvector applies to
 * {@code halfvec} text input, so a FLOAT16 space stores every component this way in every adapter:
 * the in-memory index rounds with {@link #round}, and pgvector's binary {@code COPY} sends
 * {@link #fromFloat} bits that equal what the same value sent as text becomes. Stateless.
 */
public final class HalfFloat {

    /** The largest finite half value. */
    public static final float MAX_VALUE = 65504f;

    private HalfFloat() {
    }

    /** The half bit pattern nearest to {@code value} (ties to even); overflow gives an infinity. */
    public static short fromFloat(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int exponent = (bits >>> 23) & 0xff;
        int mantissa = bits & 0x7f_ffff;
        if (exponent == 0xff) {
            return (short) (sign | 0x7c00 | (mantissa != 0 ? 0x200 : 0));
        }
        int halfExponent = exponent - 127 + 15;
        if (halfExponent >= 0x1f) {
            return (short) (sign | 0x7c00);
        }
        if (halfExponent <= 0) {
            // Subnormal half (or zero): value = m * 2^-24 with m < 1024.
            if (halfExponent < -10) {
                return (short) sign;
            }
            int full = mantissa | 0x80_0000;
            return (short) (sign | roundShift(full, 14 - halfExponent));
        }
        // A carry out of the mantissa correctly bumps the exponent (up to infinity).
        return (short) (sign | ((halfExponent << 10) + roundShift(mantissa, 13)));
    }

    /** The float value of a half bit pattern (exact). */
    public static float toFloat(short half) {
        int bits = half & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0) {
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f80_0000 | (mantissa << 13));
        }
        return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
    }

    /** {@code value} rounded to the nearest half value; infinite when it is beyond {@link #MAX_VALUE} after rounding. */
    public static float round(float value) {
        return toFloat(fromFloat(value));
    }

    /** Whether {@code half} is neither an infinity nor NaN. */
    public static boolean isFinite(short half) {
        return (half & 0x7c00) != 0x7c00;
    }

    /** Whether {@code value} is finite and stays finite when rounded to half precision. */
    public static boolean fits(float value) {
        return isFinite(fromFloat(value));
    }

    private static int roundShift(int value, int shift) {
        int kept = value >>> shift;
        int rest = value & ((1 << shift) - 1);
        int halfway = 1 << (shift - 1);
        if (rest > halfway || (rest == halfway && (kept & 1) == 1)) {
            kept++;
        }
        return kept;
    }
}
