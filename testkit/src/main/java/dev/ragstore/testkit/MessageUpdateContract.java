package dev.ragstore.testkit;

import dev.ragstore.core.UserScope;
import dev.ragstore.core.chat.ChatSession;
import dev.ragstore.core.chat.Message;
import dev.ragstore.core.chat.MessageId;
import dev.ragstore.core.chat.MessageRole;
import dev.ragstore.core.chat.NewMessage;
import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.error.QuotaExceededException;
import dev.ragstore.core.plan.NewPlan;
import dev.ragstore.core.plan.Plan;
import dev.ragstore.core.usage.UsageDay;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Contract of {@code chats().updateMessage(id, content, tokens)} (issue 13, item 6): the message
 * keeps its id, session, parent, replies and everything but content and token count; history and
 * branches (cached or not) show the new text; the session's token total moves by the difference;
 * a larger count is metered like an append (added to today's tokens and the lifetime total,
 * checked against the plan's daily limit, refused with nothing written), a smaller one gives
 * nothing back; another user's message is not found; 64 racing updates never pass the daily limit.
 *
 * <p>Subclass it and implement {@link #newStore(StoreOptions)} (see {@link StoreContractSupport}).
 */
public abstract class MessageUpdateContract extends StoreContractSupport {

    /** Threads of the race test. */
    protected static final int THREADS = 64;

    private UserScope scopeWithDailyTokens(long limit) {
        Plan plan = store().admin().createPlan(NewPlan.builder().name(unique("plan")).dailyTokenLimit(limit)
                .documentLimit(10).sessionLimit(10).monthlyPrice(BigDecimal.ZERO).build());
        return store().forUser(newUser(store(), plan.id()));
    }

    @Test
    void anUpdatedMessageKeepsItsPlaceInTheTreeAndEverythingButContentAndTokens() {
        UserScope scope = newScope();
        ChatSession session = scope.chats().create("edits");
        Message root = scope.chats().append(session.id(), NewMessage.user(null, "question", 5));
        Message answer = scope.chats().append(session.id(), NewMessage.builder(MessageRole.ASSISTANT, "draft")
                .parent(root.id()).tokenCount(3).model("gpt-4o").processingMillis(40).build());
        Message followUp = scope.chats().append(session.id(), NewMessage.user(answer.id(), "thanks", 2));
        assertThat(scope.chats().history(session.id(), followUp.id(), 10)).containsExactly(root, answer, followUp);

        Message updated = scope.chats().updateMessage(answer.id(), "the final answer", 30);

        assertThat(updated).isEqualTo(new Message(answer.id(), answer.sessionId(), answer.authorId(), answer.parentId(),
                answer.role(), "the final answer", 30, answer.model(), answer.citations(), answer.attachedDocumentIds(),
                answer.processingMillis(), answer.createdAt()));
        assertThat(scope.chats().history(session.id(), followUp.id(), 10)).containsExactly(root, updated, followUp);
        assertThat(scope.chats().history(session.id(), null, 10)).containsExactly(root, updated, followUp);
        assertThat(scope.chats().branches(root.id())).containsExactly(updated);
        assertThat(scope.chats().branches(updated.id())).containsExactly(followUp);
    }

    @Test
    void tokenChangesMoveTheSessionTotalAndMeterOnlyTheIncrease() {
        UserScope scope = newScope();
        ChatSession session = scope.chats().create("metering");
        Message message = scope.chats().append(session.id(), NewMessage.user(null, "question", 10));

        scope.chats().updateMessage(message.id(), "question, longer", 25);
        assertThat(scope.usage().today()).isEqualTo(new UsageDay(scope.userId(), clock.today(), 25, 1, 0, 1));
        assertThat(scope.profile().lifetimeTokens()).isEqualTo(25);
        assertThat(scope.chats().find(session.id()).orElseThrow().totalTokens()).isEqualTo(25);

        scope.chats().updateMessage(message.id(), "q", 4);
        assertThat(scope.chats().find(session.id()).orElseThrow().totalTokens()).isEqualTo(4);
        assertThat(scope.chats().find(session.id()).orElseThrow().totalMessages()).isEqualTo(1);
        assertThat(scope.usage().today().tokens()).as("spent tokens are not given back").isEqualTo(25);
        assertThat(scope.profile().lifetimeTokens()).isEqualTo(25);
    }

    @Test
    void anIncreasePastTheDailyLimitIsRefusedAndNothingIsWritten() {
        UserScope scope = scopeWithDailyTokens(100);
        ChatSession session = scope.chats().create("quota");
        Message message = scope.chats().append(session.id(), NewMessage.user(null, "question", 60));

        assertThatThrownBy(() -> scope.chats().updateMessage(message.id(), "a much longer text", 150))
                .isInstanceOfSatisfying(QuotaExceededException.class, e -> {
                    assertThat(e.quota()).isEqualTo(QuotaExceededException.DAILY_TOKENS);
                    assertThat(e.limit()).isEqualTo(100);
                    assertThat(e.used()).isEqualTo(60);
                    assertThat(e.requested()).isEqualTo(90);
                    assertThat(e.plan()).isPresent();
                });

        assertThat(scope.chats().history(session.id(), null, 10)).containsExactly(message);
        assertThat(scope.chats().find(session.id()).orElseThrow().totalTokens()).isEqualTo(60);
        assertThat(scope.usage().today().tokens()).isEqualTo(60);
        assertThat(scope.profile().lifetimeTokens()).isEqualTo(60);

        Message fits = scope.chats().updateMessage(message.id(), "a longer text", 100);
        assertThat(fits.tokenCount()).isEqualTo(100);
        assertThat(scope.usage().today().tokens()).isEqualTo(100);
    }

    @Test
    void anotherUsersOrAnUnknownMessageIsNotFoundAndBadInputIsRejected() {
        UserScope owner = newScope();
        UserScope stranger = newScope();
        ChatSession session = owner.chats().create("private");
        Message message = owner.chats().append(session.id(), NewMessage.user(null, "mine", 1));
        MessageId unknown = new MessageId(UUID.randomUUID());

        assertThatThrownBy(() -> stranger.chats().updateMessage(message.id(), "hijacked", 1))
                .isInstanceOf(NotFoundException.class).hasMessageContaining(message.id().toString());
        assertThatThrownBy(() -> owner.chats().updateMessage(unknown, "x", 1))
                .isInstanceOf(NotFoundException.class).hasMessageContaining(unknown.toString());
        assertInvalidInput(() -> owner.chats().updateMessage(message.id(), "x", -1), "token count", "-1");
        assertInvalidInput(() -> owner.chats().updateMessage(message.id(), "nul \u0000 inside", 1), "message content");

        assertThat(owner.chats().history(session.id(), null, 10)).containsExactly(message);
    }

    @Test
    void racingIncreasesNeverPassTheDailyLimit() {
        long limit = 300;
        UserScope scope = scopeWithDailyTokens(limit);
        ChatSession session = scope.chats().create("race");
        List<Message> drafts = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            drafts.add(scope.chats().append(session.id(), NewMessage.user(null, "draft " + i, 0)));
        }

        List<Boolean> grown = Concurrently.run(THREADS, thread -> () -> {
            try {
                scope.chats().updateMessage(drafts.get(thread).id(), "final " + thread, 10);
                return true;
            } catch (QuotaExceededException e) {
                return false;
            }
        });

        assertThat(grown.stream().filter(Boolean::booleanValue).count()).isEqualTo(limit / 10);
        assertThat(scope.usage().today().tokens()).isEqualTo(limit);
        assertThat(scope.chats().find(session.id()).orElseThrow().totalTokens()).isEqualTo(limit);
    }
}
