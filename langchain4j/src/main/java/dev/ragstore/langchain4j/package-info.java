/**
 * LangChain4j bridges on RagStore's facade: {@link dev.ragstore.langchain4j.RagStoreEmbeddingStore}
 * (an {@code EmbeddingStore<TextSegment>} over one knowledge base of one user) and
 * {@link dev.ragstore.langchain4j.RagStoreChatMemoryStore} (a {@code ChatMemoryStore} over one
 * user's chat sessions). Everything in {@code internal} may change without notice.
 */
package dev.ragstore.langchain4j;
