package dev.ragstore.core.knowledge;

/** Aggregates of a knowledge base, derived from its documents and chunks when asked. */
public record KnowledgeBaseStats(KnowledgeBaseId knowledgeBaseId, long documents, long chunks, long pages, long bytes) {
}
