package dev.ragstore.core.usage;

import java.time.LocalDate;
import java.util.List;

/**
 * Usage and quotas of one user. Days are UTC days of the store's clock.
 *
 * <p>Which call meters what: a chat message's tokens are metered by {@code chats().append(...)}
 * (and a larger count by {@code chats().updateMessage(...)}), which checks the daily token limit
 * and records the tokens in the same atomic step as the message; calling
 * {@link #consumeTokens} or {@link #record} for the same tokens counts them twice. Use
 * {@link #tryConsumeTokens}/{@link #consumeTokens} for tokens no stored message carries
 * (embedding calls, tools, a reply the host does not store), and {@link #record} to count
 * without a limit. Sessions and documents are counted by their creation.
 */
public interface Usage {

    /** Today's usage (all zero when nothing was recorded). */
    UsageDay today();

    /** Days in {@code [from, to]} with usage, oldest first. */
    List<UsageDay> range(LocalDate from, LocalDate to);

    /** Adds {@code delta} to today's usage. */
    default UsageDay record(UsageDelta delta) {
        return record(delta, null);
    }

    /**
     * Adds {@code delta} to today's usage once per idempotency key. {@code idempotencyKey} is
     * {@code null} (no key) or 1 to 128 characters of {@code [A-Za-z0-9_.:-]} chosen by the caller,
     * scoped to this user and shared by {@code record}, {@code tryConsumeTokens} and
     * {@code consumeTokens}. Repeating a call with the same key and the same delta (after a
     * timeout or a retryable {@code StoreUnavailableException}) adds nothing and returns the
     * counters, as they are now, of the day the delta was counted on. Keys are kept until the
     * user is deleted.
     *
     * @throws dev.ragstore.core.error.InvalidInputException if the key breaks the rule
     *         {@code idempotency_key.format}; nothing is written
     * @throws dev.ragstore.core.error.ConflictException rule {@code usage.idempotency_key.reused}
     *         when the key was used with a different delta; nothing is written
     */
    UsageDay record(UsageDelta delta, String idempotencyKey);

    /**
     * Consumes {@code tokens} from today's allowance if the user's plan allows it; check and
     * consumption are one atomic step. A user without a plan has no limit.
     *
     * @return whether the tokens were consumed
     */
    default boolean tryConsumeTokens(long tokens) {
        return tryConsumeTokens(tokens, null);
    }

    /**
     * {@link #tryConsumeTokens(long)} once per idempotency key (see {@link #record(UsageDelta,
     * String)}; the key stands for {@code UsageDelta.tokens(tokens)}). Repeating a consumption
     * that succeeded returns {@code true} and consumes nothing; a refusal stores nothing, so
     * repeating a refused call asks again.
     */
    boolean tryConsumeTokens(long tokens, String idempotencyKey);

    /**
     * Like {@link #tryConsumeTokens} but throws when the plan's limit would be passed.
     *
     * @throws dev.ragstore.core.error.QuotaExceededException naming the limit, usage and request
     */
    default void consumeTokens(long tokens) {
        consumeTokens(tokens, null);
    }

    /** {@link #consumeTokens(long)} once per idempotency key, as {@link #tryConsumeTokens(long, String)}. */
    void consumeTokens(long tokens, String idempotencyKey);
}
