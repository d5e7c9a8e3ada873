/**
 * Service provider interfaces: what an adapter implements ({@link dev.ragstore.core.spi.RelationalStore})
 * and what a host may plug into ingestion ({@link dev.ragstore.core.spi.Embedder},
 * {@link dev.ragstore.core.spi.TextExtractor}, {@link dev.ragstore.core.spi.Chunker}).
 * Everything is non-null unless documented otherwise.
 */
package dev.ragstore.core.spi;
