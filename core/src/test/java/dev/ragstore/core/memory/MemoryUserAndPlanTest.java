package dev.ragstore.core.memory;

import dev.ragstore.core.error.ConflictException;
import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.error.StoreUnavailableException;
import dev.ragstore.core.plan.Plan;
import dev.ragstore.core.plan.PlanId;
import dev.ragstore.core.usage.UsageDelta;
import dev.ragstore.core.user.Role;
import dev.ragstore.core.user.User;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MemoryUserAndPlanTest {

    private final Fixtures fixtures = new Fixtures();
    private final InMemoryRelationalStore store = InMemoryRelationalStore.create();

    @Test
    void rejectsATakenUsernameOrEmailNamingTheValue() {
        store.users().insert(fixtures.user("alice"));

        assertThatThrownBy(() -> store.users().insert(fixtures.user("alice")))
                .isInstanceOf(ConflictException.class).hasMessageContaining("username 'alice' is already taken")
                .satisfies(e -> assertThat(((ConflictException) e).rule()).isEqualTo("user.username.unique"));
        User sameEmail = fixtures.user("bob").withEmail("alice@example.com");
        assertThatThrownBy(() -> store.users().insert(sameEmail))
                .isInstanceOf(ConflictException.class).hasMessageContaining("email 'alice@example.com' is already taken")
                .satisfies(e -> assertThat(((ConflictException) e).rule()).isEqualTo("user.email.unique"));
        assertThat(store.users().list(dev.ragstore.core.page.PageRequest.first(10)).items()).hasSize(1);
    }

    @Test
    void allowsManyUsersWithoutEmail() {
        store.users().insert(fixtures.user("a").withEmail(null));
        store.users().insert(fixtures.user("b").withEmail(null));
        assertThat(store.users().findByUsername("b")).isPresent();
    }

    @Test
    void rejectsAnUnknownPlan() {
        PlanId unknown = new PlanId(UUID.randomUUID());
        assertThatThrownBy(() -> store.users().insert(fixtures.user("carol", unknown)))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("plan '" + unknown + "' not found");
    }

    @Test
    void updatesOnlyTheMutableFieldsAndKeepsCountersAndCreation() {
        User stored = store.users().insert(fixtures.user("dave"));
        store.usage().record(stored.id(), Fixtures.DAY, UsageDelta.tokens(42));
        Instant later = Fixtures.T0.plusSeconds(60);
        User change = new User(stored.id(), "renamed", "new@example.com", "hash2", "Dave", Role.ADMIN, false, true, null,
                0, Map.of("theme", "dark"), later, later, later);

        User updated = store.users().update(change);

        assertThat(updated.username()).isEqualTo("dave");
        assertThat(updated.lifetimeTokens()).isEqualTo(42);
        assertThat(updated.createdAt()).isEqualTo(Fixtures.T0);
        assertThat(updated.email()).isEqualTo("new@example.com");
        assertThat(updated.role()).isEqualTo(Role.ADMIN);
        assertThat(updated.preferences()).containsEntry("theme", "dark");
        assertThat(updated.updatedAt()).isEqualTo(later);
        assertThat(store.users().findByEmail("dave@example.com")).isEmpty();
        assertThat(store.users().findByEmail("new@example.com")).contains(updated);
    }

    @Test
    void rejectsUpdateOfAnUnknownUserOrToATakenEmail() {
        User erin = store.users().insert(fixtures.user("erin"));
        store.users().insert(fixtures.user("frank"));

        assertThatThrownBy(() -> store.users().update(erin.withEmail("frank@example.com")))
                .isInstanceOf(ConflictException.class).hasMessageContaining("frank@example.com");
        assertThatThrownBy(() -> store.users().update(fixtures.user("ghost")))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("user");
    }

    @Test
    void keepsPlanNamesUniqueAndRefusesToDeleteAPlanInUse() {
        Plan pro = store.plans().insert(fixtures.plan("pro", 1000));
        assertThatThrownBy(() -> store.plans().insert(fixtures.plan("pro", 5)))
                .isInstanceOf(ConflictException.class).hasMessageContaining("plan name 'pro' is already taken")
                .satisfies(e -> assertThat(((ConflictException) e).rule()).isEqualTo("plan.name.unique"));
        User user = store.users().insert(fixtures.user("gina", pro.id()));

        assertThatThrownBy(() -> store.plans().delete(pro.id()))
                .isInstanceOf(ConflictException.class).hasMessageContaining("'pro'").hasMessageContaining("1 user")
                .satisfies(e -> assertThat(((ConflictException) e).rule()).isEqualTo("plan.in_use"));
        assertThat(store.plans().findById(pro.id())).isPresent();

        store.users().delete(user.id());
        assertThat(store.plans().delete(pro.id())).isTrue();
        assertThat(store.plans().delete(pro.id())).isFalse();
    }

    @Test
    void updatesAPlanKeepingItsCreationTime() {
        Plan basic = store.plans().insert(fixtures.plan("basic", 10));
        Plan changed = new Plan(basic.id(), "basic+", 20, 1, 2, BigDecimal.ONE, false, Instant.EPOCH);

        Plan updated = store.plans().update(changed);

        assertThat(updated.createdAt()).isEqualTo(basic.createdAt());
        assertThat(updated.dailyTokenLimit()).isEqualTo(20);
        assertThat(store.plans().findByName("basic")).isEmpty();
        assertThat(store.plans().findByName("basic+")).contains(updated);
    }

    @Test
    void failsEveryCallAfterClose() {
        store.close();
        assertThatThrownBy(() -> store.users().findByUsername("x"))
                .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("closed");
    }
}
