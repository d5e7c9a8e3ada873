package dev.ragstore.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.ragstore.core.RagStore;
import dev.ragstore.core.UserScope;
import dev.ragstore.core.chat.ChatSession;
import dev.ragstore.core.chat.Message;
import dev.ragstore.core.chat.MessageRole;
import dev.ragstore.core.chat.NewMessage;
import dev.ragstore.core.user.NewUser;
import dev.ragstore.core.user.Role;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RagStoreChatMemoryStore} saving the lists LangChain4j's MessageWindowChatMemory saves: every
 * message type comes back equal, the window's evictions remove messages from the session, only
 * new messages are appended (and metered), another store instance reads the same memory, clearing
 * empties it, and memories of two users never mix.
 */
abstract class ChatMemoryStoreContract {

    /** The store under test (shared by the class's tests; each test uses a new user). */
    protected abstract RagStore store();

    private UserScope newScope() {
        String name = "user-" + UUID.randomUUID();
        return store().forUser(store().admin().createUser(
                new NewUser(name, name + "@example.test", "correct horse battery", name, Role.USER, null)).id());
    }

    private static final ToolExecutionRequest WEATHER = ToolExecutionRequest.builder().id("call-1").name("weather")
            .arguments("{\"city\":\"Lyon\"}").build();

    /** One message of each type LangChain4j has, in the order a tool-calling turn produces them. */
    private static List<ChatMessage> turn() {
        return List.of(
                SystemMessage.from("You are terse."),
                UserMessage.from("Weather in Lyon?"),
                AiMessage.from(List.of(WEATHER)),
                ToolExecutionResultMessage.from(WEATHER, "12°C, rain"),
                AiMessage.from("12°C and rain in Lyon."));
    }

    @Test
    void everyMessageTypeComesBackEqual() {
        RagStoreChatMemoryStore memories = RagStoreChatMemoryStore.of(newScope());
        List<ChatMessage> messages = List.of(
                SystemMessage.from("system"),
                UserMessage.from("plain"),
                UserMessage.from("klaus", "named"),
                UserMessage.from(TextContent.from("look"), ImageContent.from("https://example.test/cat.png")),
                AiMessage.builder().text("with thinking").thinking("hmm").build(),
                AiMessage.from("calling two", List.of(WEATHER, ToolExecutionRequest.builder().id("call-2").name("time")
                        .arguments("{}").build())),
                AiMessage.from(List.of(WEATHER)),
                ToolExecutionResultMessage.from(WEATHER, "result"),
                ToolExecutionResultMessage.builder().id("call-3").toolName("fails").text("boom").isError(true).build(),
                AiMessage.from(""));

        memories.updateMessages("types", messages);

        assertThat(memories.getMessages("types")).containsExactlyElementsOf(messages);
        assertThat(RagStoreChatMemoryStore.of(scopeOf(memories)).getMessages("types")).containsExactlyElementsOf(messages);
    }

    @Test
    void aSlidingWindowSaveRemovesEvictedMessagesAndAppendsOnlyNewOnes() {
        // the lists MessageWindowChatMemory (maxMessages 4) saves while a tool-calling turn is added
        UserScope scope = newScope();
        RagStoreChatMemoryStore memories = RagStoreChatMemoryStore.of(scope);
        List<ChatMessage> all = turn();
        for (int n = 1; n <= 4; n++) {
            memories.updateMessages("conversation", all.subList(0, n));
        }
        List<ChatMessage> expected = List.of(all.get(0), all.get(2), all.get(3), all.get(4));
        memories.updateMessages("conversation", expected);

        assertThat(memories.getMessages("conversation")).containsExactlyElementsOf(expected);
        ChatSession session = onlySession(scope);
        assertThat(scope.chats().history(session.id(), null, 100)).extracting(Message::role).containsExactly(
                MessageRole.SYSTEM, MessageRole.ASSISTANT, MessageRole.TOOL, MessageRole.ASSISTANT);
        assertThat(session.totalMessages()).isEqualTo(4);
        assertThat(scope.usage().today().messages()).as("each message appended once, none re-saved").isEqualTo(5);
        assertThat(RagStoreChatMemoryStore.of(scope).getMessages("conversation")).containsExactlyElementsOf(expected);
    }

    @Test
    void clearingEmptiesTheMemoryAndKeepsTheSession() {
        UserScope scope = newScope();
        RagStoreChatMemoryStore memories = RagStoreChatMemoryStore.of(scope);
        memories.updateMessages(42, turn());

        memories.deleteMessages(42);

        assertThat(memories.getMessages(42)).isEmpty();
        assertThat(RagStoreChatMemoryStore.of(scope).getMessages(42)).isEmpty();
        assertThat(scope.chats().list(dev.ragstore.core.page.PageRequest.first(10)).items()).hasSize(1);
    }

    @Test
    void aSessionIdNamesThatSessionAndUsersNeverShareMemories() {
        UserScope owner = newScope();
        UserScope other = newScope();
        ChatSession session = owner.chats().create("existing");
        owner.chats().append(session.id(), NewMessage.user(null, "written without LangChain4j", 3));
        RagStoreChatMemoryStore memories = RagStoreChatMemoryStore.of(owner);

        assertThat(memories.getMessages(session.id())).containsExactly(UserMessage.from("written without LangChain4j"));
        assertThat(memories.getMessages(session.id().value().toString()))
                .containsExactly(UserMessage.from("written without LangChain4j"));
        memories.updateMessages("shared-name", List.of(UserMessage.from("mine")));

        assertThat(RagStoreChatMemoryStore.of(other).getMessages("shared-name")).isEmpty();
        assertThat(memories.getMessages("shared-name")).containsExactly(UserMessage.from("mine"));
    }

    private static ChatSession onlySession(UserScope scope) {
        List<ChatSession> sessions = scope.chats().list(dev.ragstore.core.page.PageRequest.first(10)).items();
        assertThat(sessions).hasSize(1);
        assertThat(sessions.get(0).modelConfig()).isEqualTo(Map.of(RagStoreChatMemoryStore.MEMORY_ID, "conversation"));
        return sessions.get(0);
    }

    private UserScope scopeOf(RagStoreChatMemoryStore memories) {
        return memories.scope();
    }
}
