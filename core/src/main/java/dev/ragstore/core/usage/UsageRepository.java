package dev.ragstore.core.usage;

import dev.ragstore.core.user.UserId;

import java.time.LocalDate;
import java.util.List;

/**
 * Port: daily usage counters. Every increment is atomic; concurrent callers never lose an
 * update. Implementations are thread-safe.
 */
public interface UsageRepository {

    /**
     * Adds {@code delta} to the user's counters for {@code day} and its tokens to the user's
     * lifetime total.
     *
     * @throws dev.ragstore.core.error.NotFoundException if the user does not exist
     */
    default UsageDay record(UserId userId, LocalDate day, UsageDelta delta) {
        return record(userId, day, delta, null);
    }

    /**
     * {@link #record(UserId, LocalDate, UsageDelta)} with an idempotency key ({@code null} for
     * none, else already validated), scoped to the user. The first call with a key adds the delta
     * and stores the key with the day and the delta in the same atomic step; a later call with the
     * same key and the same delta adds nothing and returns the counters, as they are now, of the
     * day the delta was counted on. Concurrent calls with one key add the delta once.
     *
     * @throws dev.ragstore.core.error.ConflictException with rule {@code usage.idempotency_key.reused}
     *         (see {@link UsageKeys#reused}) if the key was stored with a different delta
     * @throws dev.ragstore.core.error.NotFoundException if the user does not exist
     */
    UsageDay record(UserId userId, LocalDate day, UsageDelta delta, String idempotencyKey);

    /**
     * Adds {@code tokens} to the user's tokens for {@code day} only if the total stays at or below
     * {@code dailyLimit}; check and increment are one atomic step, so concurrent callers can never
     * pass the limit together.
     *
     * @return whether the tokens were consumed
     * @throws dev.ragstore.core.error.NotFoundException if the user does not exist
     */
    default boolean tryConsumeTokens(UserId userId, LocalDate day, long tokens, long dailyLimit) {
        return tryConsumeTokens(userId, day, tokens, dailyLimit, null);
    }

    /**
     * {@link #tryConsumeTokens(UserId, LocalDate, long, long)} with an idempotency key
     * ({@code null} for none, else already validated), shared with {@link #record(UserId,
     * LocalDate, UsageDelta, String)}: consuming stores the key with the delta
     * {@code UsageDelta.tokens(tokens)}. If the key is already stored with that delta, this
     * consumes nothing and returns {@code true}. A refusal stores nothing, not even the key.
     *
     * @throws dev.ragstore.core.error.ConflictException with rule {@code usage.idempotency_key.reused}
     *         if the key was stored with a different delta
     * @throws dev.ragstore.core.error.NotFoundException if the user does not exist
     */
    boolean tryConsumeTokens(UserId userId, LocalDate day, long tokens, long dailyLimit, String idempotencyKey);

    /** The user's usage on {@code day}; all zero when nothing was recorded. */
    UsageDay find(UserId userId, LocalDate day);

    /** The user's days in {@code [from, to]} that have usage, oldest first. */
    List<UsageDay> range(UserId userId, LocalDate from, LocalDate to);

    /** Every user's days in {@code [from, to]} that have usage, ordered by day then user id. */
    List<UsageDay> report(LocalDate from, LocalDate to);
}
