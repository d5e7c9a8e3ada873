package dev.ragstore.core.plan;

import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.internal.Checks;

import java.math.BigDecimal;
import java.util.Objects;

/** The rules a plan's fields follow, shared by {@link Plan}, {@link NewPlan} and its builder. */
final class PlanRules {

    private PlanRules() {
    }

    static String name(String name) {
        return Checks.name("plan name", name);
    }

    static long dailyTokenLimit(long limit) {
        return Checks.nonNegative("plan daily token limit", limit);
    }

    static int documentLimit(int limit) {
        return Checks.nonNegative("plan document limit", limit);
    }

    static int sessionLimit(int limit) {
        return Checks.nonNegative("plan session limit", limit);
    }

    static BigDecimal monthlyPrice(BigDecimal price) {
        Objects.requireNonNull(price, "monthlyPrice");
        if (price.signum() < 0) {
            throw InvalidInputException.of("plan monthly price", "must be >= 0", price);
        }
        return price;
    }
}
