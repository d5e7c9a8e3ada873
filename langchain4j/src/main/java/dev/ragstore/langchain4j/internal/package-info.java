/** Mapping between LangChain4j's and RagStore's types; not an API. */
package dev.ragstore.langchain4j.internal;
