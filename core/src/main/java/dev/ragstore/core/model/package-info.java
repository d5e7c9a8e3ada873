/**
 * Model profiles: named RAG configurations of an LLM endpoint, its API key and the knowledge bases
 * it draws on, with the per-user {@link dev.ragstore.core.model.ModelProfiles} view and the
 * repository port adapters implement. An API key is held only sealed and never printed. Everything
 * is non-null unless documented otherwise.
 */
package dev.ragstore.core.model;
