package dev.ragstore.core.plan;

import dev.ragstore.core.error.InvalidInputException;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A plan to create with {@link dev.ragstore.core.AdminScope#createPlan(NewPlan)}; a field that
 * breaks its rule is rejected with an {@link InvalidInputException} naming the field, the rule and
 * the value. Build it with
 * {@link #builder()}, so a call names each limit instead of relying on the order of adjacent
 * numbers:
 *
 * <pre>{@code
 * Plan starter = store.admin().createPlan(NewPlan.builder()
 *         .name("starter")
 *         .dailyTokenLimit(200_000)
 *         .documentLimit(100)
 *         .sessionLimit(20)
 *         .monthlyPrice(new BigDecimal("9.00"))
 *         .build());
 * }</pre>
 *
 * @param name            unique among plans; not blank, at most 200 characters, no control characters
 * @param dailyTokenLimit tokens a user may consume per UTC day; {@code >= 0}
 * @param documentLimit   documents a user may own; {@code >= 0}
 * @param sessionLimit    chat sessions a user may own; {@code >= 0}
 * @param monthlyPrice    price in the host's currency; {@code >= 0}
 */
public record NewPlan(String name, long dailyTokenLimit, int documentLimit, int sessionLimit, BigDecimal monthlyPrice) {

    public NewPlan {
        PlanRules.name(name);
        PlanRules.dailyTokenLimit(dailyTokenLimit);
        PlanRules.documentLimit(documentLimit);
        PlanRules.sessionLimit(sessionLimit);
        PlanRules.monthlyPrice(monthlyPrice);
    }

    /** A builder with no field set; every field must be set before {@link Builder#build()}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Collects a {@link NewPlan}. Each setter rejects an impossible value at once; {@link #build()}
     * rejects a missing one. Not thread-safe.
     */
    public static final class Builder {
        private String name;
        private Long dailyTokenLimit;
        private Integer documentLimit;
        private Integer sessionLimit;
        private BigDecimal monthlyPrice;

        private Builder() {
        }

        /**
         * The plan's name, unique among plans. Required.
         *
         * @throws InvalidInputException if it is blank, longer than 200 characters or holds a
         *         control character
         * @throws NullPointerException if it is {@code null}
         */
        public Builder name(String name) {
            this.name = PlanRules.name(name);
            return this;
        }

        /**
         * Tokens a user on the plan may consume per UTC day; 0 allows none. Required.
         *
         * @throws InvalidInputException if it is negative
         */
        public Builder dailyTokenLimit(long dailyTokenLimit) {
            this.dailyTokenLimit = PlanRules.dailyTokenLimit(dailyTokenLimit);
            return this;
        }

        /**
         * Documents a user on the plan may own; 0 allows none. Required.
         *
         * @throws InvalidInputException if it is negative
         */
        public Builder documentLimit(int documentLimit) {
            this.documentLimit = PlanRules.documentLimit(documentLimit);
            return this;
        }

        /**
         * Chat sessions a user on the plan may own; 0 allows none. Required.
         *
         * @throws InvalidInputException if it is negative
         */
        public Builder sessionLimit(int sessionLimit) {
            this.sessionLimit = PlanRules.sessionLimit(sessionLimit);
            return this;
        }

        /**
         * The monthly price in the host's currency; {@link BigDecimal#ZERO} for a free plan.
         * Required.
         *
         * @throws InvalidInputException if it is negative
         * @throws NullPointerException if it is {@code null}
         */
        public Builder monthlyPrice(BigDecimal monthlyPrice) {
            this.monthlyPrice = PlanRules.monthlyPrice(monthlyPrice);
            return this;
        }

        /**
         * The plan to create.
         *
         * @throws InvalidInputException naming the first field that was not set
         */
        public NewPlan build() {
            require(name, "plan name", "name");
            require(dailyTokenLimit, "plan daily token limit", "dailyTokenLimit");
            require(documentLimit, "plan document limit", "documentLimit");
            require(sessionLimit, "plan session limit", "sessionLimit");
            require(monthlyPrice, "plan monthly price", "monthlyPrice");
            return new NewPlan(name, dailyTokenLimit, documentLimit, sessionLimit, monthlyPrice);
        }

        private static void require(Object value, String field, String setter) {
            if (value == null) {
                throw InvalidInputException.withoutValue(field, "must be set: call " + setter + "(...) before build()");
            }
        }
    }
}
