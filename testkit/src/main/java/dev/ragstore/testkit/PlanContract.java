package dev.ragstore.testkit;

import dev.ragstore.core.AdminScope;
import dev.ragstore.core.error.ConflictException;
import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.plan.NewPlan;
import dev.ragstore.core.plan.Plan;
import dev.ragstore.core.plan.PlanId;
import dev.ragstore.core.user.UserId;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Contract of plans through {@link AdminScope}: creation, look-up by id and name, listing, the
 * unique rule {@code plan.name.unique}, updates of name, limits, price and active flag, and the
 * RESTRICT rule {@code plan.in_use} (a plan users are on cannot be deleted until they leave it).
 *
 * <p>Subclass it and implement {@link #newStore(StoreOptions)} (see {@link StoreContractSupport}).
 */
public abstract class PlanContract extends StoreContractSupport {

    private AdminScope admin() {
        return store().admin();
    }

    @Test
    void createdPlanIsFoundByIdNameAndInTheList() {
        String name = unique("pro");
        Plan plan = admin().createPlan(NewPlan.builder().name(name)
                .dailyTokenLimit(50_000).documentLimit(100).sessionLimit(20)
                .monthlyPrice(new BigDecimal("19.90")).build());

        assertThat(plan.name()).isEqualTo(name);
        assertThat(plan.dailyTokenLimit()).isEqualTo(50_000);
        assertThat(plan.documentLimit()).isEqualTo(100);
        assertThat(plan.sessionLimit()).isEqualTo(20);
        assertThat(plan.monthlyPrice()).isEqualByComparingTo("19.90");
        assertThat(plan.active()).isTrue();
        assertPlan(admin().findPlan(plan.id()).orElseThrow(), plan);
        assertPlan(admin().findPlanByName(name).orElseThrow(), plan);
        assertThat(admin().listPlans()).filteredOn(p -> p.id().equals(plan.id())).singleElement()
                .satisfies(p -> assertPlan(p, plan));
        assertThat(admin().findPlan(new PlanId(UUID.randomUUID()))).isEmpty();
        assertThat(admin().findPlanByName(unique("none"))).isEmpty();
    }

    @Test
    void duplicatePlanNameIsAConflict() {
        String name = unique("basic");
        admin().createPlan(NewPlan.builder().name(name)
                .dailyTokenLimit(10).documentLimit(1).sessionLimit(1)
                .monthlyPrice(BigDecimal.ZERO).build());

        assertThatThrownBy(() -> admin().createPlan(NewPlan.builder().name(name)
                .dailyTokenLimit(20).documentLimit(2).sessionLimit(2)
                .monthlyPrice(BigDecimal.ONE).build()))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.rule()).isEqualTo("plan.name.unique"))
                .hasMessageContaining(name);
        assertThat(admin().findPlanByName(name).orElseThrow().dailyTokenLimit()).isEqualTo(10);
    }

    @Test
    void updatePlanReplacesNameLimitsPriceAndActiveFlag() {
        Plan plan = admin().createPlan(NewPlan.builder().name(unique("old"))
                .dailyTokenLimit(10).documentLimit(1).sessionLimit(1)
                .monthlyPrice(BigDecimal.ONE).build());
        String newName = unique("new");

        Plan updated = admin().updatePlan(new Plan(plan.id(), newName, 99, 9, 8, new BigDecimal("4.50"), false,
                plan.createdAt()));

        assertThat(updated.name()).isEqualTo(newName);
        assertThat(updated.dailyTokenLimit()).isEqualTo(99);
        assertThat(updated.documentLimit()).isEqualTo(9);
        assertThat(updated.sessionLimit()).isEqualTo(8);
        assertThat(updated.monthlyPrice()).isEqualByComparingTo("4.50");
        assertThat(updated.active()).isFalse();
        assertPlan(admin().findPlan(plan.id()).orElseThrow(), updated);
        assertThat(admin().findPlanByName(plan.name())).isEmpty();
        Plan unknown = new Plan(new PlanId(UUID.randomUUID()), unique("x"), 1, 1, 1, BigDecimal.ONE, true, plan.createdAt());
        assertThatThrownBy(() -> admin().updatePlan(unknown)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void planWithUsersCannotBeDeletedUntilTheyLeaveIt() {
        Plan plan = admin().createPlan(NewPlan.builder().name(unique("busy"))
                .dailyTokenLimit(10).documentLimit(1).sessionLimit(1)
                .monthlyPrice(BigDecimal.ONE).build());
        UserId user = newUser(store(), plan.id());

        assertThatThrownBy(() -> admin().deletePlan(plan.id()))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.rule()).isEqualTo("plan.in_use"));
        assertThat(admin().findPlan(plan.id())).isPresent();
        assertThat(admin().findUser(user).orElseThrow().planId()).isEqualTo(plan.id());

        admin().setPlan(user, null);
        admin().deletePlan(plan.id());

        assertThat(admin().findPlan(plan.id())).isEmpty();
        assertThatThrownBy(() -> admin().deletePlan(plan.id())).isInstanceOf(NotFoundException.class);
    }

    private static void assertPlan(Plan actual, Plan expected) {
        assertThat(actual.id()).isEqualTo(expected.id());
        assertThat(actual.name()).isEqualTo(expected.name());
        assertThat(actual.dailyTokenLimit()).isEqualTo(expected.dailyTokenLimit());
        assertThat(actual.documentLimit()).isEqualTo(expected.documentLimit());
        assertThat(actual.sessionLimit()).isEqualTo(expected.sessionLimit());
        assertThat(actual.monthlyPrice()).isEqualByComparingTo(expected.monthlyPrice());
        assertThat(actual.active()).isEqualTo(expected.active());
        assertThat(actual.createdAt()).isEqualTo(expected.createdAt());
    }
}
