package dev.ragstore.testkit;

import dev.ragstore.core.UserScope;
import dev.ragstore.core.chat.ChatSession;
import dev.ragstore.core.chat.ChatSessionId;
import dev.ragstore.core.chat.Citation;
import dev.ragstore.core.chat.Message;
import dev.ragstore.core.chat.MessageRole;
import dev.ragstore.core.chat.NewMessage;
import dev.ragstore.core.document.IngestResult;
import dev.ragstore.core.error.ConflictException;
import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.plan.NewPlan;
import dev.ragstore.core.plan.Plan;
import dev.ragstore.core.usage.UsageDay;
import dev.ragstore.core.usage.UsageDelta;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Contract of idempotency keys (issue 18, finding 8): writes a caller may have to repeat after an
 * unknown outcome (a timeout, a retryable {@code StoreUnavailableException}) take an optional key,
 * so that following "retryable" never counts twice.
 * <ul>
 *   <li>{@code chats().append} with {@link NewMessage#idempotencyKey()}: a repeat with the same key
 *       in the same session returns the message stored the first time (same id) and changes no
 *       counter, usage or lifetime total; 8 threads appending with one key store one message; the
 *       key reused for another message is a {@link ConflictException} with rule
 *       {@code message.idempotency_key.reused}; a key is scoped to one session.</li>
 *   <li>{@code usage().record / tryConsumeTokens / consumeTokens} with a key per user: a repeat is a
 *       no-op with the same outcome; a different delta is a conflict with rule
 *       {@code usage.idempotency_key.reused}; a refused consumption stores no key.</li>
 *   <li>keys outside {@code [A-Za-z0-9_.:-]{1,128}} are an {@code InvalidInputException} naming the
 *       rule {@code idempotency_key.format}, and nothing is written.</li>
 * </ul>
 *
 * <p>Subclass it and implement {@link #newStore(StoreOptions)} (see {@link StoreContractSupport}).
 */
public abstract class IdempotencyContract extends StoreContractSupport {

    /** Threads of the race tests. */
    protected static final int THREADS = 8;

    /** Keys that break the rule, with a description for the assertion message. */
    private static final List<String> BAD_KEYS = List.of("", "x".repeat(129), "has space", "slash/key", "ключ",
            "nul\u0000", "semi;colon", "tab\t");

    // ---- chat append ----

    @Test
    void aRetriedAppendWithTheSameKeyReturnsTheFirstMessageAndChangesNothing() {
        UserScope scope = newScope();
        KnowledgeBase knowledgeBase = newKnowledgeBase(scope);
        IngestResult source = ingestText(scope, knowledgeBase, "notes.txt", "Idempotency keys make retries safe.");
        ChatSession session = scope.chats().create("retries");
        Message question = scope.chats().append(session.id(), NewMessage.user(null, "Are retries safe?", 5));
        NewMessage answer = NewMessage.builder(MessageRole.ASSISTANT, "With a key, yes.").parent(question.id())
                .tokenCount(7).model("gpt-4o").processingMillis(120)
                .citations(List.of(new Citation(source.document().id(), null, null, "make retries safe", 0.8125)))
                .attachedDocuments(List.of(source.document().id()))
                .idempotencyKey("answer-" + UUID.randomUUID()).build();

        Message first = scope.chats().append(session.id(), answer);
        // the caller saw a retryable error (outcome unknown) and repeats the same call
        ChatSession afterFirst = scope.chats().find(session.id()).orElseThrow();
        UsageDay usageAfterFirst = scope.usage().today();
        long lifetimeAfterFirst = scope.profile().lifetimeTokens();
        Message repeated = scope.chats().append(session.id(), answer);
        Message repeatedAgain = scope.chats().append(session.id(), answer);

        assertThat(repeated).isEqualTo(first);
        assertThat(repeatedAgain).isEqualTo(first);
        assertThat(scope.chats().find(session.id())).contains(afterFirst);
        assertThat(afterFirst.totalMessages()).isEqualTo(2);
        assertThat(afterFirst.totalTokens()).isEqualTo(12);
        assertThat(scope.usage().today()).isEqualTo(usageAfterFirst);
        assertThat(scope.profile().lifetimeTokens()).isEqualTo(lifetimeAfterFirst);
        assertThat(scope.chats().history(session.id(), null, 10)).containsExactly(question, first);
        assertThat(scope.chats().branches(question.id())).containsExactly(first);
    }

    @Test
    void aLateRepeatLeavesTheNewestMessageTheDefaultLeaf() {
        UserScope scope = newScope();
        ChatSessionId session = scope.chats().create("late").id();
        NewMessage question = NewMessage.builder(MessageRole.USER, "first").tokenCount(1).idempotencyKey("late-1").build();
        Message first = scope.chats().append(session, question);
        Message answer = scope.chats().append(session, NewMessage.builder(MessageRole.ASSISTANT, "second")
                .parent(first.id()).tokenCount(1).build());
        assertThat(scope.chats().history(session, null, 10)).containsExactly(first, answer);

        assertThat(scope.chats().append(session, question)).isEqualTo(first);

        assertThat(scope.chats().history(session, null, 10)).containsExactly(first, answer);
        assertThat(scope.chats().history(session, first.id(), 10)).containsExactly(first);
    }

    @Test
    void aRepeatIgnoresTheProcessingTimeOnly() {
        UserScope scope = newScope();
        ChatSessionId session = scope.chats().create("timing").id();
        NewMessage.Builder answer = NewMessage.builder(MessageRole.ASSISTANT, "answer").tokenCount(3).idempotencyKey("gen-1");
        Message first = scope.chats().append(session, answer.processingMillis(100).build());

        Message again = scope.chats().append(session, answer.processingMillis(250).build());

        assertThat(again).isEqualTo(first);
        assertThat(again.processingMillis()).isEqualTo(100);
        assertThat(scope.chats().find(session).orElseThrow().totalMessages()).isEqualTo(1);
    }

    @Test
    void aKeyReusedForADifferentMessageIsAConflictAndWritesNothing() {
        UserScope scope = newScope();
        ChatSessionId session = scope.chats().create("reuse").id();
        Message root = scope.chats().append(session, NewMessage.user(null, "root", 1));
        Message first = scope.chats().append(session, NewMessage.builder(MessageRole.USER, "question").parent(root.id())
                .tokenCount(4).idempotencyKey("q-1").build());
        ChatSession before = scope.chats().find(session).orElseThrow();
        UsageDay usageBefore = scope.usage().today();

        List<NewMessage> different = List.of(
                NewMessage.builder(MessageRole.USER, "another question").parent(root.id()).tokenCount(4).idempotencyKey("q-1").build(),
                NewMessage.builder(MessageRole.ASSISTANT, "question").parent(root.id()).tokenCount(4).idempotencyKey("q-1").build(),
                NewMessage.builder(MessageRole.USER, "question").parent(first.id()).tokenCount(4).idempotencyKey("q-1").build(),
                NewMessage.builder(MessageRole.USER, "question").tokenCount(4).idempotencyKey("q-1").build(),
                NewMessage.builder(MessageRole.USER, "question").parent(root.id()).tokenCount(5).idempotencyKey("q-1").build(),
                NewMessage.builder(MessageRole.USER, "question").parent(root.id()).tokenCount(4).model("m")
                        .idempotencyKey("q-1").build());
        for (NewMessage message : different) {
            assertThatThrownBy(() -> scope.chats().append(session, message))
                    .as("append of %s", message)
                    .isInstanceOfSatisfying(ConflictException.class,
                            e -> assertThat(e.rule()).isEqualTo("message.idempotency_key.reused"))
                    .hasMessageContaining("q-1")
                    .hasMessageContaining(first.id().toString());
        }

        assertThat(scope.chats().find(session)).contains(before);
        assertThat(scope.usage().today()).isEqualTo(usageBefore);
        assertThat(scope.chats().branches(root.id())).containsExactly(first);
    }

    @Test
    void aKeyIsScopedToItsSession() {
        UserScope scope = newScope();
        ChatSessionId one = scope.chats().create("one").id();
        ChatSessionId two = scope.chats().create("two").id();
        UserScope other = newScope();
        ChatSessionId theirs = other.chats().create("theirs").id();
        NewMessage hello = NewMessage.builder(MessageRole.USER, "hello").tokenCount(1).idempotencyKey("same-key").build();

        Message inOne = scope.chats().append(one, hello);
        Message inTwo = scope.chats().append(two, hello);
        Message inTheirs = other.chats().append(theirs, hello);
        Message secondKey = scope.chats().append(one, hello.withIdempotencyKey("other-key"));
        Message withoutKey = scope.chats().append(one, hello.withIdempotencyKey(null));

        assertThat(List.of(inOne.id(), inTwo.id(), inTheirs.id(), secondKey.id(), withoutKey.id())).doesNotHaveDuplicates();
        assertThat(scope.chats().find(one).orElseThrow().totalMessages()).isEqualTo(3);
        assertThat(scope.chats().find(two).orElseThrow().totalMessages()).isEqualTo(1);
        // another user's session is not found, whatever the key
        assertThatThrownBy(() -> scope.chats().append(theirs, hello)).isInstanceOf(NotFoundException.class);
        assertThat(other.chats().find(theirs).orElseThrow().totalMessages()).isEqualTo(1);
    }

    @Test
    void concurrentAppendsWithOneKeyStoreExactlyOneMessage() {
        UserScope scope = newScope();
        ChatSessionId session = scope.chats().create("race").id();
        Message root = scope.chats().append(session, NewMessage.user(null, "root", 1));
        UsageDay before = scope.usage().today();
        long lifetimeBefore = scope.profile().lifetimeTokens();
        NewMessage reply = NewMessage.builder(MessageRole.ASSISTANT, "one reply").parent(root.id()).tokenCount(9)
                .idempotencyKey(UUID.randomUUID().toString()).build();

        List<Message> results = Concurrently.run(THREADS, thread -> () -> scope.chats().append(session, reply));

        assertThat(results).hasSize(THREADS);
        assertThat(results).allSatisfy(message -> assertThat(message).isEqualTo(results.get(0)));
        assertThat(scope.chats().branches(root.id())).containsExactly(results.get(0));
        ChatSession after = scope.chats().find(session).orElseThrow();
        assertThat(after.totalMessages()).isEqualTo(2);
        assertThat(after.totalTokens()).isEqualTo(10);
        assertThat(scope.usage().today().messages()).isEqualTo(before.messages() + 1);
        assertThat(scope.usage().today().tokens()).isEqualTo(before.tokens() + 9);
        assertThat(scope.profile().lifetimeTokens()).isEqualTo(lifetimeBefore + 9);
    }

    @Test
    void badMessageKeysAreRejectedAndWriteNothing() {
        UserScope scope = newScope();
        ChatSessionId session = scope.chats().create("bad keys").id();
        UsageDay before = scope.usage().today();

        for (String key : BAD_KEYS) {
            assertInvalidInput(() -> scope.chats().append(session,
                    NewMessage.builder(MessageRole.USER, "hi").tokenCount(1).idempotencyKey(key).build()),
                    "message idempotency key", "idempotency_key.format", "[A-Za-z0-9_.:-]{1,128}");
        }

        assertThat(scope.chats().find(session).orElseThrow().totalMessages()).isZero();
        assertThat(scope.usage().today()).isEqualTo(before);
        String longest = "k".repeat(128);
        Message accepted = scope.chats().append(session,
                NewMessage.builder(MessageRole.USER, "hi").tokenCount(1).idempotencyKey(longest).build());
        assertThat(scope.chats().append(session,
                NewMessage.builder(MessageRole.USER, "hi").tokenCount(1).idempotencyKey(longest).build())).isEqualTo(accepted);
        assertThat(scope.chats().append(session, NewMessage.builder(MessageRole.USER, "hi").tokenCount(1)
                .idempotencyKey("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b:try_1.x").build()).id()).isNotEqualTo(accepted.id());
    }

    @Test
    void deletingASessionForgetsItsKeys() {
        UserScope scope = newScope();
        ChatSessionId session = scope.chats().create("gone").id();
        NewMessage hello = NewMessage.builder(MessageRole.USER, "hello").tokenCount(1).idempotencyKey("k").build();
        scope.chats().append(session, hello);

        scope.chats().delete(session);

        assertThatThrownBy(() -> scope.chats().append(session, hello)).isInstanceOf(NotFoundException.class);
    }

    // ---- usage ----

    private UserScope scopeWithLimit(long dailyTokenLimit) {
        Plan plan = store().admin().createPlan(NewPlan.builder().name(unique("idem"))
                .dailyTokenLimit(dailyTokenLimit).documentLimit(100).sessionLimit(100)
                .monthlyPrice(BigDecimal.ZERO).build());
        return store().forUser(newUser(store(), plan.id()));
    }

    @Test
    void aRepeatedUsageRecordWithTheSameKeyCountsOnce() {
        UserScope scope = newScope();
        UsageDelta delta = new UsageDelta(30, 2, 1, 0);

        UsageDay first = scope.usage().record(delta, "usage-1");
        UsageDay repeated = scope.usage().record(delta, "usage-1");

        assertThat(first.tokens()).isEqualTo(30);
        assertThat(repeated).isEqualTo(first);
        assertThat(scope.usage().today()).isEqualTo(first);
        assertThat(scope.profile().lifetimeTokens()).isEqualTo(30);

        UsageDay another = scope.usage().record(delta, "usage-2");
        UsageDay unkeyed = scope.usage().record(delta);
        assertThat(another.tokens()).isEqualTo(60);
        assertThat(unkeyed.tokens()).isEqualTo(90);
        assertThat(scope.profile().lifetimeTokens()).isEqualTo(90);
    }

    @Test
    void aRepeatOnTheNextDayReturnsTheDayItWasCountedOn() {
        UserScope scope = newScope();
        UsageDay counted = scope.usage().record(UsageDelta.tokens(12), "late-retry");

        clock.advance(Duration.ofDays(1));
        UsageDay repeated = scope.usage().record(UsageDelta.tokens(12), "late-retry");

        assertThat(repeated).isEqualTo(counted);
        assertThat(repeated.day()).isEqualTo(clock.today().minusDays(1));
        assertThat(scope.usage().today()).isEqualTo(UsageDay.empty(scope.userId(), clock.today()));
        assertThat(scope.profile().lifetimeTokens()).isEqualTo(12);
    }

    @Test
    void aUsageKeyReusedWithADifferentDeltaIsAConflictAndWritesNothing() {
        UserScope scope = scopeWithLimit(1_000);
        scope.usage().record(UsageDelta.tokens(10), "u-1");
        UsageDay before = scope.usage().today();

        List<ThrowingCallable> reuses = List.of(
                () -> scope.usage().record(UsageDelta.tokens(11), "u-1"),
                () -> scope.usage().record(UsageDelta.message(10), "u-1"),
                () -> scope.usage().tryConsumeTokens(11, "u-1"),
                () -> scope.usage().consumeTokens(9, "u-1"));
        for (ThrowingCallable reuse : reuses) {
            assertThatThrownBy(reuse)
                    .isInstanceOfSatisfying(ConflictException.class,
                            e -> assertThat(e.rule()).isEqualTo("usage.idempotency_key.reused"))
                    .hasMessageContaining("u-1");
        }

        assertThat(scope.usage().today()).isEqualTo(before);
        assertThat(scope.profile().lifetimeTokens()).isEqualTo(10);
        // the same delta through the quota is the same effect: consumed already
        assertThat(scope.usage().tryConsumeTokens(10, "u-1")).isTrue();
        assertThat(scope.usage().today()).isEqualTo(before);
    }

    @Test
    void aRepeatedConsumptionReturnsTrueAndConsumesOnceEvenAtTheLimit() {
        UserScope scope = scopeWithLimit(100);

        assertThat(scope.usage().tryConsumeTokens(60, "c-1")).isTrue();
        // a second 60 would pass the limit, but the repeat consumed already
        assertThat(scope.usage().tryConsumeTokens(60, "c-1")).isTrue();
        scope.usage().consumeTokens(60, "c-1");

        assertThat(scope.usage().today().tokens()).isEqualTo(60);
        assertThat(scope.usage().tryConsumeTokens(60, "c-2")).isFalse();
        assertThat(scope.usage().today().tokens()).isEqualTo(60);
    }

    @Test
    void aRefusedConsumptionStoresNoKey() {
        UserScope scope = scopeWithLimit(100);
        scope.usage().record(UsageDelta.tokens(90));

        assertThat(scope.usage().tryConsumeTokens(20, "refused")).isFalse();
        assertThat(scope.usage().today().tokens()).isEqualTo(90);
        // the key is still free: asking again is a new question
        assertThat(scope.usage().tryConsumeTokens(10, "refused")).isTrue();
        assertThat(scope.usage().today().tokens()).isEqualTo(100);
    }

    @Test
    void aRepeatedConsumptionWithoutAPlanCountsOnce() {
        UserScope scope = newScope();

        scope.usage().consumeTokens(25, "no-plan");
        assertThat(scope.usage().tryConsumeTokens(25, "no-plan")).isTrue();
        scope.usage().consumeTokens(25, "no-plan");

        assertThat(scope.usage().today().tokens()).isEqualTo(25);
        assertThat(scope.profile().lifetimeTokens()).isEqualTo(25);
    }

    @Test
    void usageKeysAreScopedToTheirUser() {
        UserScope alice = newScope();
        UserScope bob = newScope();

        alice.usage().record(UsageDelta.tokens(5), "shared-key");
        bob.usage().record(UsageDelta.tokens(7), "shared-key");

        assertThat(alice.usage().today().tokens()).isEqualTo(5);
        assertThat(bob.usage().today().tokens()).isEqualTo(7);
    }

    @Test
    void concurrentUsageCallsWithOneKeyCountOnce() {
        UserScope scope = scopeWithLimit(1_000);
        UsageDelta delta = new UsageDelta(40, 1, 0, 0);

        List<UsageDay> recorded = Concurrently.run(THREADS, thread -> () -> scope.usage().record(delta, "race-record"));
        List<Boolean> consumed = Concurrently.run(THREADS, thread -> () -> scope.usage().tryConsumeTokens(70, "race-consume"));

        assertThat(recorded).allSatisfy(day -> assertThat(day.tokens()).isEqualTo(40));
        assertThat(consumed).containsOnly(true);
        assertThat(scope.usage().today().tokens()).isEqualTo(110);
        assertThat(scope.usage().today().messages()).isEqualTo(1);
        assertThat(scope.profile().lifetimeTokens()).isEqualTo(110);
    }

    @Test
    void badUsageKeysAreRejectedAndWriteNothing() {
        UserScope scope = scopeWithLimit(1_000);

        for (String key : BAD_KEYS) {
            assertInvalidInput(() -> scope.usage().record(UsageDelta.tokens(1), key),
                    "usage idempotency key", "idempotency_key.format");
            assertInvalidInput(() -> scope.usage().tryConsumeTokens(1, key),
                    "usage idempotency key", "idempotency_key.format");
            assertInvalidInput(() -> scope.usage().consumeTokens(1, key),
                    "usage idempotency key", "idempotency_key.format");
        }

        assertThat(scope.usage().today()).isEqualTo(UsageDay.empty(scope.userId(), clock.today()));
        assertThat(scope.profile().lifetimeTokens()).isZero();
    }
}
