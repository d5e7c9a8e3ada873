package dev.ragstore.core.plan;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * A subscription plan with daily and absolute limits. A plan that users are on cannot be
 * deleted.
 *
 * @param dailyTokenLimit tokens a user may consume per UTC day
 * @param documentLimit   documents a user may own
 * @param sessionLimit    chat sessions a user may own
 * @param monthlyPrice    price in the host's currency; never negative
 */
public record Plan(
        PlanId id,
        String name,
        long dailyTokenLimit,
        int documentLimit,
        int sessionLimit,
        BigDecimal monthlyPrice,
        boolean active,
        Instant createdAt) {

    public Plan {
        Objects.requireNonNull(id, "id");
        PlanRules.name(name);
        PlanRules.dailyTokenLimit(dailyTokenLimit);
        PlanRules.documentLimit(documentLimit);
        PlanRules.sessionLimit(sessionLimit);
        PlanRules.monthlyPrice(monthlyPrice);
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
