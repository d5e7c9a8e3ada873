package dev.ragstore.core.chat;

/** Who wrote a message. */
public enum MessageRole {
    SYSTEM,
    USER,
    ASSISTANT,
    TOOL
}
