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
    UsageDay record(UserId userId, LocalDate day, UsageDelta delta);

    /**
     * Adds {@code tokens} to the user's tokens for {@code day} only if the total stays at or below
     * {@code dailyLimit}; check and increment are one atomic step, so concurrent callers can never
     * pass the limit together.
     *
     * @return whether the tokens were consumed
     * @throws dev.ragstore.core.error.NotFoundException if the user does not exist
     */
    boolean tryConsumeTokens(UserId userId, LocalDate day, long tokens, long dailyLimit);

    /** The user's usage on {@code day}; all zero when nothing was recorded. */
    UsageDay find(UserId userId, LocalDate day);

    /** The user's days in {@code [from, to]} that have usage, oldest first. */
    List<UsageDay> range(UserId userId, LocalDate from, LocalDate to);

    /** Every user's days in {@code [from, to]} that have usage, ordered by day then user id. */
    List<UsageDay> report(LocalDate from, LocalDate to);
}
