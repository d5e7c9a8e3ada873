package dev.ragstore.core.memory;

import dev.ragstore.core.internal.UuidOrder;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Rows keyed by id and grouped by owner, each group ordered by id. Not thread-safe: guarded by
 * the lock of {@link MemoryTables}. The owner key may be {@code null} (audit events whose user
 * was deleted).
 */
final class OwnedTable<V> {

    private final Map<UUID, V> rows = new HashMap<>();
    private final Map<UUID, UUID> owners = new HashMap<>();
    private final Map<UUID, NavigableMap<UUID, V>> byOwner = new HashMap<>();

    /** The row, whoever owns it, or {@code null}. */
    V get(UUID id) {
        return rows.get(id);
    }

    /** The row if {@code owner} owns it, else {@code null} (another owner's row reads as absent). */
    V get(UUID owner, UUID id) {
        V row = rows.get(id);
        return row != null && Objects.equals(owners.get(id), owner) ? row : null;
    }

    boolean contains(UUID id) {
        return rows.containsKey(id);
    }

    /** The owner's rows ordered by id; a read-only view. */
    NavigableMap<UUID, V> ofOwner(UUID owner) {
        NavigableMap<UUID, V> group = byOwner.get(owner);
        return group == null ? Collections.emptyNavigableMap() : Collections.unmodifiableNavigableMap(group);
    }

    /** Inserts or replaces a row, moving it to {@code owner}'s group. */
    void put(UUID owner, UUID id, V row) {
        remove(id);
        rows.put(id, row);
        owners.put(id, owner);
        byOwner.computeIfAbsent(owner, o -> new TreeMap<>(UuidOrder.UNSIGNED)).put(id, row);
    }

    /** Removes a row; returns it or {@code null}. */
    V remove(UUID id) {
        V row = rows.remove(id);
        if (row != null) {
            UUID owner = owners.remove(id);
            NavigableMap<UUID, V> group = byOwner.get(owner);
            group.remove(id);
            if (group.isEmpty()) {
                byOwner.remove(owner);
            }
        }
        return row;
    }

    /** Every row, in no particular order; a read-only view for scans. */
    Iterable<V> all() {
        return Collections.unmodifiableCollection(rows.values());
    }

    /** Every row ordered by id, whoever owns it: a copy, built per call (for the admin view's cross-owner reads). */
    NavigableMap<UUID, V> ordered() {
        NavigableMap<UUID, V> all = new TreeMap<>(UuidOrder.UNSIGNED);
        all.putAll(rows);
        return all;
    }

    int size() {
        return rows.size();
    }
}
