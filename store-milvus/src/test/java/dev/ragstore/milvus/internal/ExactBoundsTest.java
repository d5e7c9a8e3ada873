package dev.ragstore.milvus.internal;

import dev.ragstore.milvus.internal.ExactBounds.Bound;
import dev.ragstore.milvus.internal.ExactBounds.Op;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ExactBoundsTest {

    @Test
    void longEqualToADoubleExistsOnlyForIntegralDoublesInRange() {
        assertThat(ExactBounds.longEqualTo(2022.0)).hasValue(2022L);
        assertThat(ExactBounds.longEqualTo(2022.5)).isEmpty();
        assertThat(ExactBounds.longEqualTo(0x1p63)).isEmpty();
        assertThat(ExactBounds.longEqualTo(-0x1p63)).hasValue(Long.MIN_VALUE);
    }

    @Test
    void doubleEqualToALongExistsOnlyWhenExact() {
        assertThat(ExactBounds.doubleEqualTo(9_007_199_254_740_992L)).hasValue(9.007199254740992E15);
        assertThat(ExactBounds.doubleEqualTo(9_007_199_254_740_993L)).isEmpty();
        assertThat(ExactBounds.doubleEqualTo(Long.MAX_VALUE)).isEmpty();
    }

    @Test
    void longAgainstDoubleRewritesMatchTheExactComparisonForRandomValues() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            long stored = random.nextInt(2_001) - 1_000;
            double bound = (random.nextInt(4_001) - 2_000) / 2.0 + (random.nextBoolean() ? 0.25 : 0);
            for (Op op : new Op[] {Op.GT, Op.GTE, Op.LT, Op.LTE}) {
                Bound rewritten = ExactBounds.longAgainstDouble(op, bound);
                assertThat(holds(stored, rewritten)).as("%d %s %s", stored, op, bound).isEqualTo(exact(op, stored, bound));
            }
        }
    }

    @Test
    void longAgainstDoubleBeyondTheLongRangeIsConstant() {
        assertThat(ExactBounds.longAgainstDouble(Op.GT, 1e300).constant()).isFalse();
        assertThat(ExactBounds.longAgainstDouble(Op.LTE, 1e300).constant()).isTrue();
        assertThat(ExactBounds.longAgainstDouble(Op.GTE, -1e300).constant()).isTrue();
        assertThat(ExactBounds.longAgainstDouble(Op.LT, -1e300).constant()).isFalse();
    }

    @Test
    void doubleAgainstALongThatNoDoubleEqualsUsesTheNeighbouringDoubles() {
        long bound = 9_007_199_254_740_993L;

        assertThat(ExactBounds.doubleAgainstLong(Op.GT, bound)).isEqualTo(new Bound(null, Op.GTE, "9.007199254740994E15"));
        assertThat(ExactBounds.doubleAgainstLong(Op.LT, bound)).isEqualTo(new Bound(null, Op.LTE, "9.007199254740992E15"));
        assertThat(ExactBounds.doubleAgainstLong(Op.GT, Long.MAX_VALUE)).isEqualTo(new Bound(null, Op.GTE, "9.223372036854776E18"));
        assertThat(ExactBounds.doubleAgainstLong(Op.GTE, 2022L)).isEqualTo(new Bound(null, Op.GTE, "2022.0"));
    }

    @Test
    void instantsBecomeMicrosecondBounds() {
        Instant t = Instant.parse("1969-12-31T23:59:59.999999500Z");

        assertThat(ExactBounds.micros(t)).isEqualTo(-1L);
        assertThat(ExactBounds.microsAgainstInstant(Op.GT, t)).isEqualTo(new Bound(null, Op.GT, "-1"));
        assertThat(ExactBounds.microsAgainstInstant(Op.GTE, t)).isEqualTo(new Bound(null, Op.GTE, "0"));
        assertThat(ExactBounds.microsAgainstInstant(Op.EQ, t).constant()).isFalse();
        assertThat(ExactBounds.microsAgainstInstant(Op.NE, t).constant()).isTrue();
        assertThat(ExactBounds.microsAgainstInstant(Op.GT, Instant.MIN).constant()).isTrue();
    }

    @Test
    void complementsAreTheNegations() {
        for (Op op : Op.values()) {
            assertThat(op.complement().complement()).isEqualTo(op);
            for (int a = -1; a <= 1; a++) {
                assertThat(compare(op.complement(), a, 0)).isEqualTo(!compare(op, a, 0));
            }
        }
    }

    private static boolean holds(long stored, Bound bound) {
        return bound.constant() != null ? bound.constant() : compare(bound.op(), stored, Long.parseLong(bound.literal()));
    }

    private static boolean exact(Op op, long stored, double bound) {
        int order = Double.compare(stored, bound);
        return test(op, order);
    }

    private static boolean compare(Op op, long a, long b) {
        return test(op, Long.compare(a, b));
    }

    private static boolean test(Op op, int order) {
        switch (op) {
            case EQ:
                return order == 0;
            case NE:
                return order != 0;
            case GT:
                return order > 0;
            case GTE:
                return order >= 0;
            case LT:
                return order < 0;
            default:
                return order <= 0;
        }
    }
}
