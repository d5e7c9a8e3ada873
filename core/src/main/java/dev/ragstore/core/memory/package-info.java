/**
 * The in-memory adapter: {@link dev.ragstore.core.memory.InMemoryRelationalStore},
 * {@link dev.ragstore.core.memory.InMemoryVectorIndex} and
 * {@link dev.ragstore.core.memory.InMemoryEphemeralStore}, plus
 * {@link dev.ragstore.core.memory.InMemorySnapshot} to save them to a file. It is the embedded
 * default of {@link dev.ragstore.core.RagStore#inMemory()} and the reference behaviour every
 * other adapter matches: thread-safe, exact (brute-force) vector search, BM25 keyword scoring,
 * and the cascade, uniqueness and isolation rules of the ports. Nothing survives the JVM
 * unless a snapshot is written. Everything is non-null unless documented otherwise.
 */
package dev.ragstore.core.memory;
