package dev.ragstore.core;

import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.error.QuotaExceededException;
import dev.ragstore.core.internal.Checks;
import dev.ragstore.core.plan.Plan;
import dev.ragstore.core.usage.Usage;
import dev.ragstore.core.usage.UsageDay;
import dev.ragstore.core.usage.UsageDelta;
import dev.ragstore.core.user.User;
import dev.ragstore.core.user.UserId;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/** Usage and token quota of one user; the quota check and the consumption are one atomic port call. */
final class DefaultUsage implements Usage {

    /** The longest range one {@link #range} call may span, in days. */
    static final int MAX_RANGE_DAYS = 366;

    private final StoreContext context;
    private final UserId owner;

    DefaultUsage(StoreContext context, UserId owner) {
        this.context = context;
        this.owner = owner;
    }

    @Override
    public UsageDay today() {
        return context.relational().usage().find(owner, context.today());
    }

    @Override
    public List<UsageDay> range(LocalDate from, LocalDate to) {
        checkRange(from, to);
        long days = ChronoUnit.DAYS.between(from, to) + 1;
        if (days > MAX_RANGE_DAYS) {
            throw InvalidInputException.of("usage range", "must span at most " + MAX_RANGE_DAYS + " days", days + " days");
        }
        return context.relational().usage().range(owner, from, to);
    }

    @Override
    public UsageDay record(UsageDelta delta, String idempotencyKey) {
        Objects.requireNonNull(delta, "delta");
        Checks.optionalIdempotencyKey("usage idempotency key", idempotencyKey);
        return context.relational().usage().record(owner, context.today(), delta, idempotencyKey);
    }

    @Override
    public boolean tryConsumeTokens(long tokens, String idempotencyKey) {
        return consume(tokens, idempotencyKey) == null;
    }

    @Override
    public void consumeTokens(long tokens, String idempotencyKey) {
        Plan refusedBy = consume(tokens, idempotencyKey);
        if (refusedBy != null) {
            long used = context.relational().usage().find(owner, context.today()).tokens();
            throw new QuotaExceededException(QuotaExceededException.DAILY_TOKENS, refusedBy.name(),
                    refusedBy.dailyTokenLimit(), used, tokens);
        }
    }

    /** Consumes the tokens, or returns the plan whose daily limit refused them. */
    private Plan consume(long tokens, String idempotencyKey) {
        Checks.positive("tokens", tokens);
        Checks.optionalIdempotencyKey("usage idempotency key", idempotencyKey);
        User user = Lookups.user(context, owner);
        LocalDate today = context.today();
        if (user.planId() == null) {
            context.relational().usage().record(owner, today, UsageDelta.tokens(tokens), idempotencyKey);
            return null;
        }
        Plan plan = context.relational().plans().findById(user.planId())
                .orElseThrow(() -> new NotFoundException("plan", user.planId()));
        boolean consumed = context.relational().usage().tryConsumeTokens(owner, today, tokens, plan.dailyTokenLimit(),
                idempotencyKey);
        return consumed ? null : plan;
    }

    /** Checks that {@code from} is not after {@code to}. */
    static void checkRange(LocalDate from, LocalDate to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from)) {
            throw InvalidInputException.of("usage range to", "must not be before from " + from, to);
        }
    }
}
