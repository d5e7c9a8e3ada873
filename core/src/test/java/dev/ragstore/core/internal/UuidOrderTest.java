package dev.ragstore.core.internal;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class UuidOrderTest {

    private static final UUID LOW = UUID.fromString("7fffffff-ffff-7fff-bfff-ffffffffffff");
    private static final UUID HIGH = UUID.fromString("80000000-0000-7000-8000-000000000000");

    @Test
    void ordersByUnsignedValueWhereUuidCompareToDoesNot() {
        assertThat(LOW.compareTo(HIGH)).as("java.util.UUID compares signed").isPositive();
        assertThat(UuidOrder.compare(LOW, HIGH)).isNegative();
        assertThat(UuidOrder.compare(HIGH, LOW)).isPositive();
        assertThat(UuidOrder.compare(HIGH, UUID.fromString(HIGH.toString()))).isZero();
    }

    @Test
    void comparesLeastSignificantHalfUnsignedWhenMostSignificantHalvesAreEqual() {
        UUID a = UUID.fromString("01900000-0000-7000-7fff-ffffffffffff");
        UUID b = UUID.fromString("01900000-0000-7000-8000-000000000000");
        assertThat(UuidOrder.compare(a, b)).isNegative();
    }

    @Test
    void agreesWithTheOrderOfCanonicalText() {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            ids.add(UUID.randomUUID());
        }
        List<UUID> byValue = new ArrayList<>(ids);
        byValue.sort(UuidOrder.UNSIGNED);
        List<UUID> byText = new ArrayList<>(ids);
        byText.sort((x, y) -> x.toString().compareTo(y.toString()));
        assertThat(byValue).isEqualTo(byText);
    }
}
