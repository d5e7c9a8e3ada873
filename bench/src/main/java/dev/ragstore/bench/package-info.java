/**
 * Benchmarks of the pgvector index against raw-driver limits (binary COPY, batched INSERT, a plain
 * {@code ORDER BY embedding <=> ? LIMIT k}). Run by its own command (see the module README), never
 * by the build's tests. Not published.
 */
package dev.ragstore.bench;
