package dev.ragstore.redis;

import dev.ragstore.core.usage.UsageDay;
import dev.ragstore.core.usage.UsageDelta;
import dev.ragstore.core.usage.UsageRepository;
import dev.ragstore.core.user.UserId;

import java.time.LocalDate;
import java.util.List;

/**
 * Usage is not cached, but recording it changes the user's lifetime tokens, so every successful
 * write invalidates the user's cached account.
 */
final class CachedUsageRepository implements UsageRepository {

    private final UsageRepository delegate;
    private final ReadThrough cache;

    CachedUsageRepository(UsageRepository delegate, ReadThrough cache) {
        this.delegate = delegate;
        this.cache = cache;
    }

    @Override
    public UsageDay record(UserId userId, LocalDate day, UsageDelta delta, String idempotencyKey) {
        UsageDay recorded = delegate.record(userId, day, delta, idempotencyKey);
        cache.invalidate(cache.redis().keys().account(userId));
        return recorded;
    }

    @Override
    public boolean tryConsumeTokens(UserId userId, LocalDate day, long tokens, long dailyLimit, String idempotencyKey) {
        boolean consumed = delegate.tryConsumeTokens(userId, day, tokens, dailyLimit, idempotencyKey);
        if (consumed) {
            cache.invalidate(cache.redis().keys().account(userId));
        }
        return consumed;
    }

    @Override
    public UsageDay find(UserId userId, LocalDate day) {
        return delegate.find(userId, day);
    }

    @Override
    public List<UsageDay> range(UserId userId, LocalDate from, LocalDate to) {
        return delegate.range(userId, from, to);
    }

    @Override
    public List<UsageDay> report(LocalDate from, LocalDate to) {
        return delegate.report(from, to);
    }
}
