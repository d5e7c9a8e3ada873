package dev.ragstore.core;

import dev.ragstore.core.chat.ChatSession;
import dev.ragstore.core.chat.Citation;
import dev.ragstore.core.chat.Message;
import dev.ragstore.core.chat.MessageRole;
import dev.ragstore.core.chat.NewMessage;
import dev.ragstore.core.document.DocumentSource;
import dev.ragstore.core.document.IngestResult;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.memory.InMemoryVectorIndex;
import dev.ragstore.core.user.NewUser;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChatsTest {

    private static UserScope newUser(RagStore store, String name) {
        return store.forUser(store.admin().createUser(NewUser.of(name, "password-" + name)).id());
    }

    @Test
    void historyFollowsTheBranchEndingAtTheLeaf() {
        try (RagStore store = RagStore.inMemory()) {
            UserScope alice = newUser(store, "alice");
            ChatSession session = alice.chats().create("trip");
            Message question = alice.chats().append(session.id(), NewMessage.user(null, "Where do kangaroos live?", 6));
            Message first = alice.chats().append(session.id(),
                    NewMessage.builder(MessageRole.ASSISTANT, "Australia.").parent(question.id()).tokenCount(2).build());
            Message regenerated = alice.chats().append(session.id(),
                    NewMessage.builder(MessageRole.ASSISTANT, "In Australia and New Guinea.").parent(question.id()).tokenCount(7).build());

            assertThat(question.authorId()).isEqualTo(alice.userId());
            assertThat(first.authorId()).isNull();
            assertThat(alice.chats().history(session.id(), null, 10)).extracting(Message::id)
                    .containsExactly(question.id(), regenerated.id());
            assertThat(alice.chats().history(session.id(), first.id(), 10)).extracting(Message::id)
                    .containsExactly(question.id(), first.id());
            assertThat(alice.chats().history(session.id(), first.id(), 1)).extracting(Message::id).containsExactly(first.id());
            assertThat(alice.chats().branches(question.id())).extracting(Message::id).containsExactly(first.id(), regenerated.id());
            ChatSession counted = alice.chats().find(session.id()).orElseThrow();
            assertThat(counted.totalMessages()).isEqualTo(3);
            assertThat(counted.totalTokens()).isEqualTo(15);
            assertThat(alice.usage().today().sessions()).isEqualTo(1);
            assertThat(alice.chats().history(alice.chats().create("empty").id(), null, 10)).isEmpty();
        }
    }

    @Test
    void rejectsBadWindowsAndLeavesOfOtherSessions() {
        try (RagStore store = RagStore.inMemory()) {
            UserScope alice = newUser(store, "alice");
            ChatSession one = alice.chats().create("one");
            ChatSession two = alice.chats().create("two");
            Message inTwo = alice.chats().append(two.id(), NewMessage.user(null, "hello", 1));

            assertThatThrownBy(() -> alice.chats().history(one.id(), null, 0))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage("history window must be between 1 and 10000, but was 0");
            assertThatThrownBy(() -> alice.chats().history(one.id(), inTwo.id(), 10))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessage("message '" + inTwo.id() + "' not found");
        }
    }

    @Test
    void anotherUsersSessionsAndDocumentsReadAsNotFound() {
        try (RagStore store = RagStore.inMemory()) {
            UserScope alice = newUser(store, "alice");
            UserScope bob = newUser(store, "bob");
            ChatSession alices = alice.chats().create("mine");
            KnowledgeBase bobsKb = bob.knowledgeBases().create("bob", "", Map.of());
            IngestResult bobsDoc = bob.documents().ingest(bobsKb.id(),
                    DocumentSource.builder("b.txt", "text/plain", "secret plans".getBytes(StandardCharsets.UTF_8)).build());

            assertThatThrownBy(() -> bob.chats().append(alices.id(), NewMessage.user(null, "hi", 1)))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessage("chat session '" + alices.id() + "' not found");
            NewMessage citingBob = NewMessage.builder(MessageRole.ASSISTANT, "see this")
                    .citations(List.of(new Citation(bobsDoc.document().id(), null, null, "secret", 0.9))).build();
            assertThatThrownBy(() -> alice.chats().append(alices.id(), citingBob))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessage("document '" + bobsDoc.document().id() + "' not found");
            assertThatThrownBy(() -> alice.chats().create("kb", "", Map.of(), List.of(bobsKb.id())))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessage("knowledge base '" + bobsKb.id() + "' not found");
            assertThat(alice.chats().find(alices.id()).orElseThrow().totalMessages()).isZero();
        }
    }

    @Test
    void deletingASessionDeletesItsAttachedDocumentsAndTheirVectors() {
        InMemoryVectorIndex index = InMemoryVectorIndex.create();
        try (RagStore store = RagStore.builder().vectorIndex(index).build()) {
            UserScope alice = newUser(store, "alice");
            KnowledgeBase kb = alice.knowledgeBases().create("uploads", "", Map.of());
            ChatSession session = alice.chats().create("with upload");
            IngestResult attached = alice.documents().ingest(kb.id(), DocumentSource.builder("a.txt", "text/plain",
                    "The koala sleeps all day.".getBytes(StandardCharsets.UTF_8)).chatSession(session.id()).build());
            assertThat(IngestionTest.indexed(index, store, alice.userId(), kb)).isNotEmpty();

            alice.chats().delete(session.id());

            assertThat(alice.documents().find(attached.document().id())).isEmpty();
            assertThat(IngestionTest.indexed(index, store, alice.userId(), kb)).isEmpty();
            assertThatThrownBy(() -> alice.chats().delete(session.id()))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessage("chat session '" + session.id() + "' not found");
        }
    }
}
