package dev.ragstore.langchain4j.internal;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ChatMessageDeserializer;
import dev.langchain4j.data.message.ChatMessageSerializer;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.ragstore.core.chat.Message;
import dev.ragstore.core.chat.MessageRole;
import dev.ragstore.core.chat.NewMessage;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * LangChain4j chat messages to RagStore messages and back, exactly. The readable text goes to the
 * message's content; what a role and a text cannot say is kept in the message's metadata:
 * a tool result's id, tool name and error flag; and, for a message with more than text (an AI
 * message's tool execution requests, thinking or attributes; a user message's name, attributes or
 * non-text contents; a custom message), LangChain4j's own JSON of the message without its text
 * ({@link #JSON}), at most 8,192 characters (RagStore's limit of a metadata string).
 */
public final class MessageCodec {

    /** LangChain4j's JSON of the message (for AI messages: without its text, which is the content). */
    public static final String JSON = MetadataCodec.PREFIX + "message";
    private static final String TEXT_NULL = MetadataCodec.PREFIX + "text_null";
    private static final String TOOL_ID = MetadataCodec.PREFIX + "tool_id";
    private static final String TOOL_NAME = MetadataCodec.PREFIX + "tool_name";
    private static final String TOOL_ERROR = MetadataCodec.PREFIX + "tool_error";
    private static final String TYPE = MetadataCodec.PREFIX + "type";

    private MessageCodec() {
    }

    /** The RagStore message to append for {@code message}. */
    public static NewMessage encode(ChatMessage message) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put(TYPE, message.type().name());
        MessageRole role;
        String content;
        if (message instanceof SystemMessage system) {
            role = MessageRole.SYSTEM;
            content = system.text();
        } else if (message instanceof UserMessage user) {
            role = MessageRole.USER;
            content = texts(user.contents());
            if (!(user.hasSingleText() && user.name() == null && user.attributes().isEmpty())) {
                metadata.put(JSON, ChatMessageSerializer.messageToJson(user));
            }
        } else if (message instanceof AiMessage ai) {
            role = MessageRole.ASSISTANT;
            content = ai.text() == null ? "" : ai.text();
            if (ai.text() == null) {
                metadata.put(TEXT_NULL, true);
            }
            if (ai.thinking() != null || ai.hasToolExecutionRequests() || !ai.attributes().isEmpty()) {
                metadata.put(JSON, ChatMessageSerializer.messageToJson(ai.toBuilder().text(null).build()));
            }
        } else if (message instanceof ToolExecutionResultMessage tool && tool.hasSingleText() && tool.attributes().isEmpty()) {
            role = MessageRole.TOOL;
            content = tool.text();
            putIfPresent(metadata, TOOL_ID, tool.id());
            putIfPresent(metadata, TOOL_NAME, tool.toolName());
            putIfPresent(metadata, TOOL_ERROR, tool.isError());
        } else {
            role = message instanceof ToolExecutionResultMessage ? MessageRole.TOOL : MessageRole.USER;
            content = message instanceof ToolExecutionResultMessage tool ? texts(tool.contents()) : "";
            metadata.put(JSON, ChatMessageSerializer.messageToJson(message));
        }
        return NewMessage.builder(role, content).metadata(metadata).build();
    }

    /** The LangChain4j message {@code stored} was appended for (a message written without the bridge reads by its role). */
    public static ChatMessage decode(Message stored) {
        Map<String, Object> metadata = stored.metadata();
        Object json = metadata.get(JSON);
        if (stored.role() == MessageRole.ASSISTANT) {
            String text = Boolean.TRUE.equals(metadata.get(TEXT_NULL)) ? null : stored.content();
            return json instanceof String s
                    ? ((AiMessage) ChatMessageDeserializer.messageFromJson(s)).toBuilder().text(text).build()
                    : AiMessage.builder().text(text).build();
        }
        if (json instanceof String s) {
            return ChatMessageDeserializer.messageFromJson(s);
        }
        return switch (stored.role()) {
            case SYSTEM -> SystemMessage.from(stored.content());
            case USER -> UserMessage.from(stored.content());
            case TOOL -> ToolExecutionResultMessage.builder().id((String) metadata.get(TOOL_ID))
                    .toolName((String) metadata.get(TOOL_NAME)).text(stored.content())
                    .isError((Boolean) metadata.get(TOOL_ERROR)).build();
            case ASSISTANT -> throw new IllegalStateException("handled above");
        };
    }

    private static void putIfPresent(Map<String, Object> metadata, String key, Object value) {
        if (value != null) {
            metadata.put(key, value);
        }
    }

    private static String texts(Iterable<Content> contents) {
        StringJoiner text = new StringJoiner("\n");
        for (Content content : contents) {
            if (content instanceof TextContent t) {
                text.add(t.text());
            }
        }
        return text.toString();
    }
}
