package dev.ragstore.testkit;

import dev.ragstore.core.UserScope;
import dev.ragstore.core.chat.ChatSession;
import dev.ragstore.core.chat.Message;
import dev.ragstore.core.chat.MessageRole;
import dev.ragstore.core.chat.NewMessage;
import dev.ragstore.core.document.IngestResult;
import dev.ragstore.core.error.ConflictException;
import dev.ragstore.core.error.QuotaExceededException;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.page.PageRequest;
import dev.ragstore.core.plan.NewPlan;
import dev.ragstore.core.plan.Plan;
import dev.ragstore.core.usage.UsageDay;
import dev.ragstore.core.user.NewUser;
import dev.ragstore.core.user.Role;
import dev.ragstore.core.user.UserId;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Contract of the plan limits the store enforces (issue 13, item 1): a plan's document limit on
 * ingestion, its session limit on chat-session creation (sessions held at once) and its daily
 * token limit on message append, each checked and written in one atomic step. A refusal is a
 * {@link QuotaExceededException} naming the limit, the plan and the amounts, and leaves the store
 * as it was; 64 threads racing for the last places never pass a limit. An append counts its
 * tokens once, in the same step, and shares the daily allowance with {@code consumeTokens}. A user
 * without a plan has no limit; an inactive plan cannot be assigned.
 *
 * <p>Subclass it and implement {@link #newStore(StoreOptions)} (see {@link StoreContractSupport}).
 */
public abstract class QuotaContract extends StoreContractSupport {

    /** Threads of the race tests. */
    protected static final int THREADS = 64;

    private Plan plan(long dailyTokens, int documents, int sessions) {
        return store().admin().createPlan(NewPlan.builder().name(unique("plan")).dailyTokenLimit(dailyTokens)
                .documentLimit(documents).sessionLimit(sessions).monthlyPrice(BigDecimal.ONE).build());
    }

    private UserScope scopeOn(Plan plan) {
        return store().forUser(newUser(store(), plan.id()));
    }

    /** Asserts that {@code thrown} is the refusal by {@code quota} of {@code plan} with these amounts, in fields and message. */
    private static void assertQuota(Throwable thrown, String quota, Plan plan, long limit, long used, long requested) {
        assertThat(thrown).isInstanceOfSatisfying(QuotaExceededException.class, e -> {
            assertThat(e.quota()).isEqualTo(quota);
            assertThat(e.plan()).contains(plan.name());
            assertThat(e.limit()).isEqualTo(limit);
            assertThat(e.used()).isEqualTo(used);
            assertThat(e.requested()).isEqualTo(requested);
        }).hasMessageContainingAll(quota, "'" + plan.name() + "'", "limit " + limit, "used " + used, "requested " + requested);
    }

    // ---- documents ----

    @Test
    void theDocumentPastThePlansLimitIsRefusedNamingLimitPlanAndAmountsAndNothingIsWritten() {
        Plan plan = plan(1_000_000, 2, 10);
        UserScope scope = scopeOn(plan);
        KnowledgeBase knowledgeBase = newKnowledgeBase(scope);
        ingestText(scope, knowledgeBase, "a.txt", "first document");
        ingestText(scope, knowledgeBase, "b.txt", "second document");
        UsageDay before = scope.usage().today();

        assertQuota(catchThrowable(() -> ingestText(scope, knowledgeBase, "c.txt", "third document")),
                QuotaExceededException.DOCUMENTS, plan, 2, 2, 1);

        assertThat(scope.documents().list(knowledgeBase.id(), PageRequest.first(10)).items())
                .extracting(d -> d.fileName()).containsExactlyInAnyOrder("a.txt", "b.txt");
        assertThat(scope.usage().today()).isEqualTo(before);
    }

    @Test
    void theDocumentLimitCountsEveryKnowledgeBaseOfTheUserAndDeletingFreesAPlace() {
        Plan plan = plan(1_000_000, 2, 10);
        UserScope scope = scopeOn(plan);
        KnowledgeBase first = newKnowledgeBase(scope);
        KnowledgeBase second = newKnowledgeBase(scope);
        IngestResult a = ingestText(scope, first, "a.txt", "in the first base");
        ingestText(scope, second, "b.txt", "in the second base");

        assertThatThrownBy(() -> ingestText(scope, second, "c.txt", "one too many"))
                .isInstanceOf(QuotaExceededException.class);
        scope.documents().delete(a.document().id());

        assertThat(ingestText(scope, second, "c.txt", "one too many").duplicate()).isFalse();
    }

    @Test
    void reingestingTheSameBytesAtTheLimitReturnsTheStoredDocument() {
        UserScope scope = scopeOn(plan(1_000_000, 1, 10));
        KnowledgeBase knowledgeBase = newKnowledgeBase(scope);
        IngestResult first = ingestText(scope, knowledgeBase, "a.txt", "the only document");

        IngestResult again = ingestText(scope, knowledgeBase, "a.txt", "the only document");

        assertThat(again.duplicate()).isTrue();
        assertThat(again.document().id()).isEqualTo(first.document().id());
    }

    @Test
    void racingIngestsNeverPassTheDocumentLimit() {
        int limit = 5;
        UserScope scope = scopeOn(plan(1_000_000, limit, 10));
        KnowledgeBase knowledgeBase = newKnowledgeBase(scope);

        List<Boolean> created = Concurrently.run(THREADS, thread -> () -> {
            try {
                return !ingestText(scope, knowledgeBase, "doc-" + thread + ".txt", "document number " + thread).duplicate();
            } catch (QuotaExceededException e) {
                assertThat(e.limit()).isEqualTo(limit);
                return false;
            }
        });

        assertThat(created.stream().filter(Boolean::booleanValue).count()).isEqualTo(limit);
        assertThat(scope.documents().list(knowledgeBase.id(), PageRequest.first(100)).items()).hasSize(limit);
        assertThat(scope.usage().today().documents()).isEqualTo(limit);
    }

    // ---- chat sessions ----

    @Test
    void theSessionPastThePlansLimitIsRefusedAndDeletingOneFreesItsPlace() {
        Plan plan = plan(1_000_000, 10, 2);
        UserScope scope = scopeOn(plan);
        ChatSession first = scope.chats().create("one");
        scope.chats().create("two");
        UsageDay before = scope.usage().today();

        assertQuota(catchThrowable(() -> scope.chats().create("three")), QuotaExceededException.CHAT_SESSIONS, plan, 2, 2, 1);
        assertThat(scope.chats().list(PageRequest.first(10)).items()).extracting(ChatSession::title)
                .containsExactlyInAnyOrder("one", "two");
        assertThat(scope.usage().today()).isEqualTo(before);

        scope.chats().delete(first.id());
        assertThat(scope.chats().create("three").title()).isEqualTo("three");
    }

    @Test
    void racingSessionCreationsNeverPassTheSessionLimit() {
        int limit = 7;
        UserScope scope = scopeOn(plan(1_000_000, 10, limit));

        List<Boolean> created = Concurrently.run(THREADS, thread -> () -> {
            try {
                scope.chats().create("session " + thread);
                return true;
            } catch (QuotaExceededException e) {
                assertThat(e.quota()).isEqualTo(QuotaExceededException.CHAT_SESSIONS);
                return false;
            }
        });

        assertThat(created.stream().filter(Boolean::booleanValue).count()).isEqualTo(limit);
        assertThat(scope.chats().list(PageRequest.first(100)).items()).hasSize(limit);
        assertThat(scope.usage().today().sessions()).isEqualTo(limit);
    }

    // ---- daily tokens ----

    @Test
    void anAppendCountsItsTokensOnceInUsageAndLifetime() {
        UserScope scope = scopeOn(plan(1_000, 10, 10));
        ChatSession session = scope.chats().create("metered");

        scope.chats().append(session.id(), NewMessage.user(null, "question", 300));

        assertThat(scope.usage().today()).isEqualTo(new UsageDay(scope.userId(), clock.today(), 300, 1, 0, 1));
        assertThat(scope.profile().lifetimeTokens()).isEqualTo(300);
    }

    @Test
    void theAppendPastTheDailyTokenLimitIsRefusedAndNothingIsWritten() {
        Plan plan = plan(1_000, 10, 10);
        UserScope scope = scopeOn(plan);
        ChatSession session = scope.chats().create("metered");
        Message first = scope.chats().append(session.id(), NewMessage.user(null, "question", 900));
        UsageDay before = scope.usage().today();

        assertQuota(catchThrowable(() -> scope.chats().append(session.id(), NewMessage.builder(MessageRole.ASSISTANT,
                "a long answer").parent(first.id()).tokenCount(200).build())), QuotaExceededException.DAILY_TOKENS, plan, 1_000, 900, 200);

        assertThat(scope.usage().today()).isEqualTo(before);
        assertThat(scope.profile().lifetimeTokens()).isEqualTo(900);
        assertThat(scope.chats().history(session.id(), null, 10)).containsExactly(first);
        assertThat(scope.chats().branches(first.id())).isEmpty();
        ChatSession after = scope.chats().find(session.id()).orElseThrow();
        assertThat(after.totalMessages()).isEqualTo(1);
        assertThat(after.totalTokens()).isEqualTo(900);

        Message fits = scope.chats().append(session.id(), NewMessage.user(first.id(), "short", 100));
        assertThat(scope.chats().history(session.id(), null, 10)).containsExactly(first, fits);
        Message free = scope.chats().append(session.id(), NewMessage.user(fits.id(), "a message of no tokens", 0));
        assertThat(free.tokenCount()).isZero();
        assertThat(scope.usage().today().tokens()).isEqualTo(1_000);
    }

    @Test
    void appendsAndConsumeTokensShareOneDailyAllowance() {
        Plan plan = plan(1_000, 10, 10);
        UserScope scope = scopeOn(plan);
        ChatSession session = scope.chats().create("shared");
        scope.usage().consumeTokens(950);

        assertQuota(catchThrowable(() -> scope.chats().append(session.id(), NewMessage.user(null, "question", 60))),
                QuotaExceededException.DAILY_TOKENS, plan, 1_000, 950, 60);
        scope.chats().append(session.id(), NewMessage.user(null, "question", 50));
        assertThat(scope.usage().tryConsumeTokens(1)).isFalse();
    }

    @Test
    void racingAppendsAcrossSessionsNeverPassTheDailyTokenLimit() {
        long limit = 500;
        int tokens = 7;
        int attemptsPerThread = 3;
        UserScope scope = scopeOn(plan(limit, 10, 10));
        List<ChatSession> sessions = List.of(scope.chats().create("left"), scope.chats().create("right"));

        List<Integer> granted = Concurrently.run(THREADS, thread -> () -> {
            int mine = 0;
            for (int i = 0; i < attemptsPerThread; i++) {
                try {
                    scope.chats().append(sessions.get(thread % 2).id(), NewMessage.user(null, "t" + thread + "-" + i, tokens));
                    mine++;
                } catch (QuotaExceededException e) {
                    assertThat(e.requested()).isEqualTo(tokens);
                }
            }
            return mine;
        });

        long messages = granted.stream().mapToLong(Integer::longValue).sum();
        assertThat(messages).isEqualTo(limit / tokens);
        assertThat(scope.usage().today().tokens()).isEqualTo(messages * tokens);
        assertThat(scope.usage().today().messages()).isEqualTo(messages);
        long sessionTokens = sessions.stream().map(s -> scope.chats().find(s.id()).orElseThrow())
                .mapToLong(ChatSession::totalTokens).sum();
        assertThat(sessionTokens).isEqualTo(messages * tokens);
    }

    // ---- plans ----

    @Test
    void aUserWithoutAPlanHasNoLimit() {
        UserScope scope = newScope();
        KnowledgeBase knowledgeBase = newKnowledgeBase(scope);
        ChatSession session = scope.chats().create("unlimited");

        for (int i = 0; i < 3; i++) {
            ingestText(scope, knowledgeBase, "doc-" + i + ".txt", "document " + i);
            scope.chats().create("session " + i);
        }
        scope.chats().append(session.id(), NewMessage.user(null, "huge", Integer.MAX_VALUE));

        assertThat(scope.usage().today().tokens()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void aSmallerPlanKeepsWhatTheUserHoldsAndRefusesNewRows() {
        UserScope scope = scopeOn(plan(1_000_000, 10, 3));
        scope.chats().create("one");
        scope.chats().create("two");
        Plan smaller = plan(1_000_000, 10, 1);

        store().admin().setPlan(scope.userId(), smaller.id());

        assertThat(scope.chats().list(PageRequest.first(10)).items()).hasSize(2);
        assertQuota(catchThrowable(() -> scope.chats().create("three")), QuotaExceededException.CHAT_SESSIONS, smaller, 1, 2, 1);
    }

    @Test
    void anInactivePlanCannotBeAssignedAndNothingIsWritten() {
        Plan active = plan(1_000, 10, 10);
        Plan retired = plan(1_000, 10, 10);
        store().admin().updatePlan(new Plan(retired.id(), retired.name(), retired.dailyTokenLimit(), retired.documentLimit(),
                retired.sessionLimit(), retired.monthlyPrice(), false, retired.createdAt()));
        UserId user = newUser(store(), active.id());
        String name = unique("user");

        assertThatThrownBy(() -> store().admin().createUser(new NewUser(name, name + "@example.test", PASSWORD, "User",
                Role.USER, retired.id())))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.rule()).isEqualTo("plan.inactive"))
                .hasMessageContainingAll(retired.name(), "inactive");
        assertThat(store().admin().findUserByUsername(name)).isEmpty();
        assertThatThrownBy(() -> store().admin().setPlan(user, retired.id()))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.rule()).isEqualTo("plan.inactive"))
                .hasMessageContaining(retired.name());
        assertThat(store().admin().findUser(user).map(u -> u.planId())).contains(active.id());
    }

    @Test
    void usersStayOnAPlanThatIsDeactivatedAndItsLimitsStillApply() {
        Plan plan = plan(1_000_000, 10, 1);
        UserScope scope = scopeOn(plan);
        store().admin().updatePlan(new Plan(plan.id(), plan.name(), plan.dailyTokenLimit(), plan.documentLimit(),
                plan.sessionLimit(), plan.monthlyPrice(), false, plan.createdAt()));
        scope.chats().create("one");

        assertThatThrownBy(() -> scope.chats().create("two")).isInstanceOf(QuotaExceededException.class);
        assertThat(store().admin().findUser(scope.userId()).orElseThrow().planId()).isEqualTo(plan.id());
        assertThat(scope.chats().list(PageRequest.first(10)).items()).hasSize(1);
    }
}
