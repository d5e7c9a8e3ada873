package dev.ragstore.core.plan;

import dev.ragstore.core.error.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NewPlanTest {

    @Test
    void builderNamesEachLimit() {
        NewPlan plan = NewPlan.builder().name("starter").dailyTokenLimit(200_000).documentLimit(100).sessionLimit(20)
                .monthlyPrice(new BigDecimal("9.00")).build();

        assertThat(plan).isEqualTo(new NewPlan("starter", 200_000, 100, 20, new BigDecimal("9.00")));
    }

    @Test
    void setterRejectsAnImpossibleValueAtOnce() {
        assertThatThrownBy(() -> NewPlan.builder().documentLimit(-1))
                .isInstanceOf(InvalidInputException.class).hasMessage("plan document limit must be >= 0, but was -1");
        assertThatThrownBy(() -> NewPlan.builder().monthlyPrice(new BigDecimal("-0.01")))
                .isInstanceOf(InvalidInputException.class).hasMessage("plan monthly price must be >= 0, but was -0.01");
        assertThatThrownBy(() -> NewPlan.builder().name(" "))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("plan name must not be blank");
    }

    @Test
    void buildRejectsAMissingFieldNamingTheSetter() {
        assertThatThrownBy(() -> NewPlan.builder().name("p").dailyTokenLimit(1).sessionLimit(1)
                .monthlyPrice(BigDecimal.ZERO).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("plan document limit must be set: call documentLimit(...) before build()");
    }

    @Test
    void canonicalConstructorKeepsTheSameRules() {
        assertThatThrownBy(() -> new NewPlan("p", -5, 1, 1, BigDecimal.ONE))
                .isInstanceOf(InvalidInputException.class).hasMessage("plan daily token limit must be >= 0, but was -5");
    }
}
