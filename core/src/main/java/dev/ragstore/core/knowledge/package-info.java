/**
 * Knowledge bases: the {@link dev.ragstore.core.knowledge.KnowledgeBase} record, its statistics,
 * the per-user {@link dev.ragstore.core.knowledge.KnowledgeBases} view and the repository port
 * adapters implement. A knowledge base belongs to one user and one embedding space; another user's
 * reads as not found. Everything is non-null unless documented otherwise.
 */
package dev.ragstore.core.knowledge;
