package dev.ragstore.core.internal;

import java.util.Comparator;
import java.util.UUID;

/**
 * Orders UUIDs by their unsigned 128-bit value, the order of their canonical text and of
 * PostgreSQL's {@code uuid} type. {@link UUID#compareTo} compares the halves as signed longs and
 * so puts ids with the top bit set first; every list "ordered by id" uses this order instead, and
 * for version 7 ids it is creation order.
 */
public final class UuidOrder {

    /** Unsigned (most significant half, least significant half). */
    public static final Comparator<UUID> UNSIGNED = UuidOrder::compare;

    private UuidOrder() {
    }

    /** The unsigned order of {@code a} and {@code b}: negative, zero or positive. */
    public static int compare(UUID a, UUID b) {
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }
}
