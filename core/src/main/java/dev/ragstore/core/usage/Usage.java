package dev.ragstore.core.usage;

import java.time.LocalDate;
import java.util.List;

/**
 * Usage and quotas of one user. Days are UTC days of the store's clock.
 */
public interface Usage {

    /** Today's usage (all zero when nothing was recorded). */
    UsageDay today();

    /** Days in {@code [from, to]} with usage, oldest first. */
    List<UsageDay> range(LocalDate from, LocalDate to);

    /** Adds {@code delta} to today's usage. */
    UsageDay record(UsageDelta delta);

    /**
     * Consumes {@code tokens} from today's allowance if the user's plan allows it; check and
     * consumption are one atomic step. A user without a plan has no limit.
     *
     * @return whether the tokens were consumed
     */
    boolean tryConsumeTokens(long tokens);

    /**
     * Like {@link #tryConsumeTokens} but throws when the plan's limit would be passed.
     *
     * @throws dev.ragstore.core.error.QuotaExceededException naming the limit, usage and request
     */
    void consumeTokens(long tokens);
}
