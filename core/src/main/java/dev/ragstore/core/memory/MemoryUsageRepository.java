package dev.ragstore.core.memory;

import dev.ragstore.core.internal.Checks;
import dev.ragstore.core.internal.UuidOrder;
import dev.ragstore.core.usage.UsageDay;
import dev.ragstore.core.memory.MemoryTables.UsageKey;
import dev.ragstore.core.usage.UsageDelta;
import dev.ragstore.core.usage.UsageKeys;
import dev.ragstore.core.usage.UsageRepository;
import dev.ragstore.core.user.UserId;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.UUID;

/**
 * Daily usage in memory. Only days with a non-zero counter are stored, so a zero delta leaves no
 * row behind and {@link #range}/{@link #report} list exactly the days that have usage.
 */
final class MemoryUsageRepository implements UsageRepository {

    private static final Comparator<UsageDay> BY_DAY_THEN_USER = Comparator.comparing(UsageDay::day)
            .thenComparing((a, b) -> UuidOrder.compare(a.userId().value(), b.userId().value()));

    private final MemoryTables tables;

    MemoryUsageRepository(MemoryTables tables) {
        this.tables = tables;
    }

    @Override
    public UsageDay record(UserId userId, LocalDate day, UsageDelta delta, String idempotencyKey) {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(delta, "delta");
        return tables.write(() -> {
            tables.requireUser(userId);
            UsageKey earlier = earlier(userId, idempotencyKey, delta);
            if (earlier != null) {
                return find(userId.value(), earlier.day());
            }
            UsageDay counted = tables.addUsage(userId, day, delta);
            remember(userId, idempotencyKey, day, delta);
            return counted;
        });
    }

    @Override
    public boolean tryConsumeTokens(UserId userId, LocalDate day, long tokens, long dailyLimit, String idempotencyKey) {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(day, "day");
        Checks.nonNegative("tokens", tokens);
        Checks.nonNegative("daily token limit", dailyLimit);
        UsageDelta delta = UsageDelta.tokens(tokens);
        return tables.write(() -> {
            tables.requireUser(userId);
            if (earlier(userId, idempotencyKey, delta) != null) {
                return true;
            }
            long used = find(userId.value(), day).tokens();
            // Written as a subtraction so a huge request cannot overflow past the limit.
            if (used > dailyLimit || tokens > dailyLimit - used) {
                return false;
            }
            tables.addUsage(userId, day, delta);
            remember(userId, idempotencyKey, day, delta);
            return true;
        });
    }

    /**
     * What {@code key} counted before, or {@code null} for no key or a new one.
     *
     * @throws dev.ragstore.core.error.ConflictException if the key counted a different delta
     */
    private UsageKey earlier(UserId userId, String key, UsageDelta delta) {
        if (key == null) {
            return null;
        }
        Map<String, UsageKey> keys = tables.usageKeysByUser.get(userId.value());
        UsageKey earlier = keys == null ? null : keys.get(key);
        if (earlier != null && !earlier.delta().equals(delta)) {
            throw UsageKeys.reused(key, earlier.delta(), delta);
        }
        return earlier;
    }

    private void remember(UserId userId, String key, LocalDate day, UsageDelta delta) {
        if (key != null) {
            tables.usageKeysByUser.computeIfAbsent(userId.value(), k -> new HashMap<>()).put(key, new UsageKey(day, delta));
        }
    }

    @Override
    public UsageDay find(UserId userId, LocalDate day) {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(day, "day");
        return tables.read(() -> find(userId.value(), day));
    }

    private UsageDay find(UUID userId, LocalDate day) {
        NavigableMap<LocalDate, UsageDay> days = tables.usageByUser.get(userId);
        UsageDay found = days == null ? null : days.get(day);
        return found != null ? found : UsageDay.empty(new UserId(userId), day);
    }

    @Override
    public List<UsageDay> range(UserId userId, LocalDate from, LocalDate to) {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        return tables.read(() -> {
            NavigableMap<LocalDate, UsageDay> days = tables.usageByUser.get(userId.value());
            if (days == null || to.isBefore(from)) {
                return List.of();
            }
            return List.copyOf(days.subMap(from, true, to, true).values());
        });
    }

    @Override
    public List<UsageDay> report(LocalDate from, LocalDate to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        return tables.read(() -> {
            if (to.isBefore(from)) {
                return List.of();
            }
            List<UsageDay> days = new ArrayList<>();
            for (Map.Entry<UUID, NavigableMap<LocalDate, UsageDay>> entry : tables.usageByUser.entrySet()) {
                days.addAll(entry.getValue().subMap(from, true, to, true).values());
            }
            days.sort(BY_DAY_THEN_USER);
            return List.copyOf(days);
        });
    }
}
