/**
 * Chat sessions and their message trees: sessions, messages with citations, the per-user
 * {@link dev.ragstore.core.chat.Chats} view and the repository port adapters implement. A session's
 * message and token totals always equal the sum over its messages, and another user's session reads
 * as not found. Everything is non-null unless documented otherwise.
 */
package dev.ragstore.core.chat;
