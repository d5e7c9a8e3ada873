package dev.ragstore.core;

import dev.ragstore.core.document.DocumentSource;
import dev.ragstore.core.ephemeral.SessionToken;
import dev.ragstore.core.error.ConflictException;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.memory.InMemoryVectorIndex;
import dev.ragstore.core.plan.NewPlan;
import dev.ragstore.core.plan.Plan;
import dev.ragstore.core.plan.PlanId;
import dev.ragstore.core.user.NewUser;
import dev.ragstore.core.user.Role;
import dev.ragstore.core.user.User;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdminScopeTest {

    @Test
    void deletingAUserRemovesTheirVectorsAndSessionsButNotOthers() {
        InMemoryVectorIndex index = InMemoryVectorIndex.create();
        try (RagStore store = RagStore.builder().vectorIndex(index).build()) {
            User alice = store.admin().createUser(NewUser.of("alice", "password-alice"));
            User bob = store.admin().createUser(NewUser.of("bob", "password-bob"));
            KnowledgeBase alices = ingest(store.forUser(alice.id()), "The kangaroo hops across the desert.");
            KnowledgeBase bobs = ingest(store.forUser(bob.id()), "The wombat digs a burrow.");
            SessionToken session = store.ephemeral().sessionTokens().issue(alice.id(), Duration.ofHours(1));
            assertThat(IngestionTest.indexed(index, store, alice.id(), alices)).isNotEmpty();

            store.admin().deleteUser(alice.id());

            assertThat(IngestionTest.indexed(index, store, alice.id(), alices)).isEmpty();
            assertThat(IngestionTest.indexed(index, store, bob.id(), bobs)).isNotEmpty();
            assertThat(store.ephemeral().sessionTokens().resolve(session.token())).isEmpty();
            assertThat(store.admin().findUser(alice.id())).isEmpty();
            assertThatThrownBy(() -> store.forUser(alice.id()).profile())
                    .isInstanceOf(NotFoundException.class)
                    .hasMessage("user '" + alice.id() + "' not found");
            assertThatThrownBy(() -> store.admin().deleteUser(alice.id()))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessage("user '" + alice.id() + "' not found");
        }
    }

    @Test
    void createsUsersOnExistingPlansOnly() {
        try (RagStore store = RagStore.inMemory()) {
            PlanId missing = new PlanId(UUID.randomUUID());

            assertThatThrownBy(() -> store.admin().createUser(new NewUser("alice", null, "password-alice", "Alice", Role.USER, missing)))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessage("plan '" + missing + "' not found");
            assertThat(store.admin().findUserByUsername("alice")).isEmpty();

            Plan pro = store.admin().createPlan(NewPlan.builder().name("pro")
                    .dailyTokenLimit(10_000).documentLimit(100).sessionLimit(100)
                    .monthlyPrice(new BigDecimal("9.99")).build());
            User alice = store.admin().createUser(new NewUser("alice", "alice@example.org", "password-alice", "Alice", Role.USER, pro.id()));
            assertThat(alice.planId()).isEqualTo(pro.id());
            assertThat(alice.active()).isTrue();
            assertThat(alice.passwordHash()).doesNotContain("password-alice");

            assertThatThrownBy(() -> store.admin().deletePlan(pro.id()))
                    .isInstanceOf(ConflictException.class)
                    .satisfies(e -> assertThat(((ConflictException) e).rule()).isEqualTo("plan.in_use"));
            store.admin().setPlan(alice.id(), null);
            store.admin().deletePlan(pro.id());
            assertThat(store.admin().findPlan(pro.id())).isEmpty();
            assertThatThrownBy(() -> store.admin().deletePlan(pro.id())).isInstanceOf(NotFoundException.class);
        }
    }

    @Test
    void rejectsAnInvalidPlanBeforeWritingIt() {
        try (RagStore store = RagStore.inMemory()) {
            assertThatThrownBy(() -> store.admin().createPlan(NewPlan.builder().name("broke")
                    .dailyTokenLimit(10).documentLimit(1).sessionLimit(1)
                    .monthlyPrice(new BigDecimal("-1")).build()))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("plan monthly price must be >= 0");
            assertThat(store.admin().listPlans()).isEmpty();
        }
    }

    @Test
    void deactivatingAUserEndsTheirSessions() {
        try (RagStore store = RagStore.inMemory()) {
            User alice = store.admin().createUser(NewUser.of("alice", "password-alice"));
            SessionToken session = store.ephemeral().sessionTokens().issue(alice.id(), Duration.ofHours(1));

            User inactive = store.admin().setActive(alice.id(), false);

            assertThat(inactive.active()).isFalse();
            assertThat(store.ephemeral().sessionTokens().resolve(session.token())).isEmpty();
            assertThat(store.admin().setRole(alice.id(), Role.ADMIN).role()).isEqualTo(Role.ADMIN);
        }
    }

    private static KnowledgeBase ingest(UserScope user, String text) {
        KnowledgeBase kb = user.knowledgeBases().create("notes", "", Map.of());
        user.documents().ingest(kb.id(), DocumentSource.builder("notes.txt", "text/plain",
                text.getBytes(StandardCharsets.UTF_8)).build());
        return kb;
    }
}
