/**
 * Chunks, embeddings and embedding spaces. Everything is non-null unless documented otherwise.
 */
package dev.ragstore.core.chunk;
