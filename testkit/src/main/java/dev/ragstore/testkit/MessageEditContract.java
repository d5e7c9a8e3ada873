package dev.ragstore.testkit;

import dev.ragstore.core.UserScope;
import dev.ragstore.core.chat.ChatSession;
import dev.ragstore.core.chat.Message;
import dev.ragstore.core.chat.MessageId;
import dev.ragstore.core.chat.MessageRole;
import dev.ragstore.core.chat.NewMessage;
import dev.ragstore.core.error.ConflictException;
import dev.ragstore.core.error.NotFoundException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Contract of message metadata and {@code chats().deleteMessages(session, ids)} (issue 15, the
 * facade chat-memory bridges build on): metadata is stored with a message and read back by every
 * read (history, cached or not, branches, idempotent replays) and kept by updates; removing
 * messages re-attaches their remaining replies to the nearest remaining ancestor, drops the
 * session's counters but not today's usage or the lifetime total, forgets the removed messages'
 * idempotency keys, and refuses unknown or foreign ids with nothing removed.
 *
 * <p>Subclass it and implement {@link #newStore(StoreOptions)} (see {@link StoreContractSupport}).
 */
public abstract class MessageEditContract extends StoreContractSupport {

    private static final Map<String, Object> METADATA = Map.of("framework.type", "AI", "tool_calls",
            List.of("{\"id\":\"1\"}", "{\"id\":\"2\"}"), "attempt", 3L, "score", 0.5, "final", true);

    /** A thread root -> ... of {@code n} messages of 1, 2, ... tokens, oldest first. */
    private static List<Message> thread(UserScope scope, ChatSession session, int n) {
        List<Message> messages = new ArrayList<>();
        MessageId parent = null;
        for (int i = 0; i < n; i++) {
            Message m = scope.chats().append(session.id(), NewMessage.builder(i % 2 == 0 ? MessageRole.USER : MessageRole.ASSISTANT,
                    "message " + i).parent(parent).tokenCount(i + 1).build());
            messages.add(m);
            parent = m.id();
        }
        return messages;
    }

    @Test
    void metadataIsStoredWithTheMessageAndReadBackEverywhere() {
        UserScope scope = newScope();
        ChatSession session = scope.chats().create("metadata");
        Message root = scope.chats().append(session.id(), NewMessage.user(null, "question", 2));
        Message answer = scope.chats().append(session.id(), NewMessage.builder(MessageRole.ASSISTANT, "")
                .parent(root.id()).metadata(METADATA).idempotencyKey("answer-1").build());

        assertThat(answer.metadata()).isEqualTo(METADATA);
        assertThat(root.metadata()).isEmpty();
        assertThat(scope.chats().history(session.id(), null, 10)).containsExactly(root, answer);
        assertThat(scope.chats().history(session.id(), answer.id(), 10)).containsExactly(root, answer);
        assertThat(scope.chats().branches(root.id())).containsExactly(answer);
        assertThat(scope.chats().append(session.id(), NewMessage.builder(MessageRole.ASSISTANT, "")
                .parent(root.id()).metadata(METADATA).idempotencyKey("answer-1").build())).isEqualTo(answer);
        assertThatThrownBy(() -> scope.chats().append(session.id(), NewMessage.builder(MessageRole.ASSISTANT, "")
                .parent(root.id()).metadata(Map.of("framework.type", "USER")).idempotencyKey("answer-1").build()))
                .isInstanceOf(ConflictException.class).hasMessageContaining("answer-1");

        Message updated = scope.chats().updateMessage(answer.id(), "final", 4);
        assertThat(updated.metadata()).isEqualTo(METADATA);
        assertThat(scope.chats().history(session.id(), null, 10)).containsExactly(root, updated);
    }

    @Test
    void badMetadataIsRejectedNamingTheKey() {
        UserScope scope = newScope();
        ChatSession session = scope.chats().create("bad metadata");
        assertInvalidInput(() -> scope.chats().append(session.id(), NewMessage.builder(MessageRole.USER, "x")
                .metadata(Map.of("bad key!", "v")).build()), "metadata key", "bad key!");
        assertInvalidInput(() -> scope.chats().append(session.id(), NewMessage.builder(MessageRole.USER, "x")
                .metadata(Map.of("k", new Object())).build()), "metadata['k']");
        assertThat(scope.chats().history(session.id(), null, 10)).isEmpty();
    }

    @Test
    void removingTheOldestMessagesLeavesTheRestAsTheThreadInOrder() {
        UserScope scope = newScope();
        ChatSession session = scope.chats().create("window");
        List<Message> all = thread(scope, session, 5);
        // read (and, where cached, cache) the paths before the removal
        assertThat(scope.chats().history(session.id(), null, 10)).containsExactlyElementsOf(all);

        assertThat(scope.chats().deleteMessages(session.id(), List.of(all.get(0).id(), all.get(1).id()))).isEqualTo(2);

        List<Message> history = scope.chats().history(session.id(), null, 10);
        assertThat(history).extracting(Message::id).containsExactly(all.get(2).id(), all.get(3).id(), all.get(4).id());
        assertThat(history.get(0).parentId()).isNull();
        assertThat(history.get(1).parentId()).isEqualTo(all.get(2).id());
        assertThat(history.get(0).content()).isEqualTo("message 2");
        assertThat(scope.chats().history(session.id(), all.get(4).id(), 10)).isEqualTo(history);
        assertThatThrownBy(() -> scope.chats().branches(all.get(0).id())).isInstanceOf(NotFoundException.class);
    }

    @Test
    void aRemovedMessagesRepliesMoveToItsNearestRemainingAncestor() {
        UserScope scope = newScope();
        ChatSession session = scope.chats().create("splice");
        List<Message> all = thread(scope, session, 4);
        Message branch = scope.chats().append(session.id(), NewMessage.user(all.get(2).id(), "other branch", 1));
        assertThat(scope.chats().history(session.id(), all.get(3).id(), 10)).containsExactlyElementsOf(all);

        scope.chats().deleteMessages(session.id(), List.of(all.get(1).id(), all.get(2).id(), all.get(2).id()));

        assertThat(scope.chats().history(session.id(), all.get(3).id(), 10)).extracting(Message::id)
                .containsExactly(all.get(0).id(), all.get(3).id());
        assertThat(scope.chats().branches(all.get(0).id())).extracting(Message::id)
                .containsExactly(all.get(3).id(), branch.id());
        assertThat(scope.chats().history(session.id(), null, 10)).extracting(Message::content)
                .containsExactly("message 0", "other branch");
    }

    @Test
    void removalDropsTheSessionCountersButGivesNoUsageBackSoAResavedWindowMetersOnlyItsNewMessages() {
        UserScope scope = newScope();
        ChatSession session = scope.chats().create("metering");
        List<Message> all = thread(scope, session, 4); // 1 + 2 + 3 + 4 tokens
        assertThat(scope.usage().today().tokens()).isEqualTo(10);

        scope.chats().deleteMessages(session.id(), List.of(all.get(0).id()));
        scope.chats().append(session.id(), NewMessage.user(all.get(3).id(), "new", 7));

        ChatSession counted = scope.chats().find(session.id()).orElseThrow();
        assertThat(counted.totalMessages()).isEqualTo(4);
        assertThat(counted.totalTokens()).isEqualTo(2 + 3 + 4 + 7);
        assertThat(scope.usage().today().tokens()).as("spent tokens are not given back, kept ones not re-counted")
                .isEqualTo(17);
        assertThat(scope.usage().today().messages()).isEqualTo(5);
        assertThat(scope.profile().lifetimeTokens()).isEqualTo(17);
    }

    @Test
    void aRemovedMessagesIdempotencyKeyIsForgotten() {
        UserScope scope = newScope();
        ChatSession session = scope.chats().create("keys");
        NewMessage keyed = NewMessage.builder(MessageRole.USER, "hello").idempotencyKey("k-1").build();
        Message first = scope.chats().append(session.id(), keyed);
        scope.chats().deleteMessages(session.id(), List.of(first.id()));

        Message again = scope.chats().append(session.id(), keyed);
        assertThat(again.id()).isNotEqualTo(first.id());
        assertThat(scope.chats().history(session.id(), null, 10)).containsExactly(again);
    }

    @Test
    void unknownForeignOrTooManyIdsAreRefusedAndNothingIsRemoved() {
        UserScope owner = newScope();
        UserScope stranger = newScope();
        ChatSession session = owner.chats().create("mine");
        ChatSession other = owner.chats().create("other");
        List<Message> all = thread(owner, session, 2);
        Message elsewhere = owner.chats().append(other.id(), NewMessage.user(null, "elsewhere", 1));
        MessageId unknown = new MessageId(UUID.randomUUID());

        assertThatThrownBy(() -> owner.chats().deleteMessages(session.id(), List.of(all.get(0).id(), unknown)))
                .isInstanceOf(NotFoundException.class).hasMessageContaining(unknown.toString());
        assertThatThrownBy(() -> owner.chats().deleteMessages(session.id(), List.of(all.get(1).id(), elsewhere.id())))
                .isInstanceOf(NotFoundException.class).hasMessageContaining(elsewhere.id().toString());
        assertThatThrownBy(() -> stranger.chats().deleteMessages(session.id(), List.of(all.get(0).id())))
                .isInstanceOf(NotFoundException.class).hasMessageContaining(session.id().toString());
        assertInvalidInput(() -> owner.chats().deleteMessages(session.id(),
                Collections.nCopies(1_001, all.get(0).id())), "message ids", "1001");
        assertThat(owner.chats().deleteMessages(session.id(), List.of())).isZero();

        assertThat(owner.chats().history(session.id(), null, 10)).containsExactlyElementsOf(all);
        assertThat(owner.chats().history(other.id(), null, 10)).containsExactly(elsewhere);
        assertThat(owner.chats().find(session.id()).orElseThrow().totalMessages()).isEqualTo(2);
    }
}
